/**
 * Every revision of the targets, newest first: who set it, when, and what it changed against
 * the revision before ("Auditing: 3 → 4"), so an earlier target stays visible.
 */
import { useId } from 'react';
import type { Domain, Targets } from './api';
import { describeActor, formatDateTime } from './format';
import { targetChanges } from './targets-text';

export function TargetHistory({ versions, domains }: { versions: Targets[] | null; domains: Domain[] }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>History</h2>
      {versions === null ? (
        <p aria-busy="true">Loading…</p>
      ) : versions.length === 0 ? (
        <p>No targets have been set yet.</p>
      ) : (
        <ol className="target-history" aria-labelledby={`${id}-title`}>
          {versions.map((v, i) => {
            // Newest first: the revision before this one is the next in the list.
            const before = versions[i + 1] ?? null;
            return (
              <li key={v.revision} data-testid="target-revision">
                <p className="target-revision-facts">
                  <strong>Revision {v.revision}</strong> · {describeActor(v.setBy)} · {formatDateTime(v.setAt)}
                </p>
                <ul className="target-changes">
                  {targetChanges(before, v, domains).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {/* The note in full where this revision gave it; an unchanged note is not repeated. */}
                {v.note && v.note !== before?.note ? <p className="hint">Note: {v.note}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
