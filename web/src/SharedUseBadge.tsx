import { formatDateTime } from './format';

/**
 * A key or agent seen from more sources than one holder uses (docs/security.md, "Shared use
 * of one identity"): a warning badge, with when and from how many sources; nothing otherwise.
 */
export function SharedUseBadge({ sharedUse }: { sharedUse?: { suspectedAt: string; sources: number } | null }) {
  if (!sharedUse) return null;
  return (
    <>
      <br />
      <span className="badge badge-warning" data-testid="shared-use">
        Shared use suspected: {sharedUse.sources} sources, {formatDateTime(sharedUse.suspectedAt)}
      </span>
      {/* The advice is visible text, not a tooltip, so keyboard and touch users read it too. */}
      <br />
      <small>Give each agent and each process its own identity.</small>
    </>
  );
}
