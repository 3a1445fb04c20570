/**
 * What an organisation sees of its own verification: it reads the benchmarks either way,
 * but its submissions count in them only once a platform administrator has verified it
 * (so that organisations registered just to read others' scores add nothing).
 */
import { useEffect, useState } from 'react';
import { api, type VerificationStatus } from './api';

const TEXT: Record<VerificationStatus, { title: string; body: string; tone: string }> = {
  verified: {
    title: 'Your organisation is verified.',
    body: 'Its submitted assessments count in the peer benchmarks (unless an owner opts out).',
    tone: 'notice',
  },
  unverified: {
    title: 'Your organisation is waiting for verification.',
    body: 'You can already compare yourself with your peers, but your submissions count in the benchmarks only once a platform administrator has verified your organisation.',
    tone: 'notice',
  },
  rejected: {
    title: 'Your organisation was not verified.',
    body: 'You can compare yourself with your peers, but your submissions do not count in the benchmarks. Contact the platform administrators if this is a mistake.',
    tone: 'notice notice-warning',
  },
};

export function VerificationNotice() {
  const [status, setStatus] = useState<VerificationStatus | null>(null);
  useEffect(() => {
    let live = true;
    // Only informative: if the session cannot be read, the page stays as it is.
    api.currentSession().then(
      (s) => live && setStatus(s.organisation?.verification ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (!status) return null;
  const text = TEXT[status];
  return (
    <p className={text.tone} data-testid="verification-status" data-status={status}>
      <strong>{text.title}</strong> {text.body}
    </p>
  );
}
