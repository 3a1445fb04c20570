/**
 * Where a set of benchmark figures comes from: the date of the differentially private
 * release and what its ranges mean, or that synthetic demonstration data is exact.
 */
import type { ReleaseInfo } from './api';
import { releaseNote } from './format';

const EVERY: Record<string, string> = { day: 'once a day', week: 'once a week', month: 'once a month' };

export function ReleaseNote({ release, synthetic }: { release: ReleaseInfo | undefined; synthetic: boolean }) {
  return (
    <p className="release-note" data-testid="release-note">
      {releaseNote(release, synthetic)}
      {release ? (
        <>
          {'. '}
          <span className="hint">
            Figures are released {EVERY[release.period] ?? `once a ${release.period}`} and stay the same until the next release; each release costs every
            organisation a privacy budget of at most ε = {release.epsilon}.
          </span>
        </>
      ) : null}
    </p>
  );
}
