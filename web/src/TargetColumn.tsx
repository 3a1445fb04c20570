/**
 * The organisation's targets on the results page (issue 19), from report.json's `targets`:
 * a domain's cell in the "Target" column ("4, 2 levels to go", or "Met"), and the overall
 * card's line "Target: level 4 by 30 Jun 2027" with a link to the Targets page.
 */
import type { ReportModel } from './api';
import { TARGETS_PATH } from './route';
import { formatTargetDate, gapText } from './targets-text';

export type ReportTargets = NonNullable<ReportModel['targets']>;

/** The "Target" cell of one domain's row; "No target" when the domain has none. */
export function TargetCell({ targets, domainId }: { targets: ReportTargets; domainId: string }) {
  const t = targets.domains.find((d) => d.domainId === domainId);
  return <td data-testid="target-cell">{t ? gapText(t.target, t.levelsToGo) : 'No target'}</td>;
}

/** The overall card's line about the target, and where to see or change it. */
export function OverallTarget({ targets }: { targets: ReportTargets }) {
  const by = formatTargetDate(targets.targetDate);
  const overall = targets.overall;
  return (
    <p data-testid="overall-target">
      {overall ? (
        <>
          Target: level {overall.target} by {by}
          {overall.levelsToGo <= 0 ? ' (met)' : ` (${overall.levelsToGo} ${overall.levelsToGo === 1 ? 'level' : 'levels'} to go)`}.
        </>
      ) : (
        <>Targets are set per domain, to be met by {by}.</>
      )}{' '}
      <a href={`#${TARGETS_PATH}`}>See the targets</a>
    </p>
  );
}
