/**
 * Log entries never carry a secret: every string the logger serialises (message, attributes,
 * error messages and stacks) has the secrets findSecrets knows replaced by a marker naming
 * their kind, before the line is written. CloudWatch's data protection policy
 * (infra/lib/log-data-protection.ts) is the second net, for lines written some other way.
 * What was masked is also handed to a listener, when one is given, so that a secret that
 * reached a log line is revoked (services/log-leaks.ts); the listener gets the value, the
 * line never does.
 */
import { findSecrets, maskSecrets, type SecretKind } from '../../core/secrets/patterns';

/** Told of each revocable secret masked: an AIM key or invitation code itself, or the whole string a private key was seen in. */
export type SecretFoundListener = (secret: string) => void;

/** Kinds whose value alone is what AIM can revoke; a private key needs the text around its marker. */
const VALUE_KINDS: ReadonlySet<SecretKind> = new Set(['aim-key', 'aim-invitation']);
const KEY_KINDS: ReadonlySet<SecretKind> = new Set(['pem-private-key', 'private-jwk']);
/** Longest string handed over for a private key (a 4096-bit RSA key in PEM is about 3,300 characters). */
const MAX_KEY_TEXT = 20_000;

/** Powertools' `jsonReplacerFn`: called for every key and value it stringifies, errors' formatted fields included. */
export function maskingReplacer(onFound?: SecretFoundListener): (key: string, value: unknown) => unknown {
  return (_key, value) => {
    if (typeof value !== 'string') return value;
    if (onFound) report(value, onFound);
    return maskSecrets(value);
  };
}

function report(text: string, onFound: SecretFoundListener): void {
  const spans = findSecrets(text);
  if (!spans.length) return;
  try {
    for (const span of spans) if (VALUE_KINDS.has(span.kind)) onFound(text.slice(span.start, span.end));
    if (spans.some((s) => KEY_KINDS.has(s.kind)) && text.length <= MAX_KEY_TEXT) onFound(text);
  } catch {
    // A listener's failure never stops a line from being written.
  }
}

/** The replacer without a listener: masks only. */
export const maskSecretsReplacer = maskingReplacer();
