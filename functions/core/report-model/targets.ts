/**
 * The gap between an assessment's levels and the organisation's targets (issue 19):
 * per targeted domain and overall, how many levels remain, never below 0.
 */
import type { ReportTargets, TargetsInput } from './types';

const levelsToGo = (target: number, level: number) => Math.max(0, target - level);

/** The report's `targets`: null without targets; domains the assessment's version lacks are left out. */
export function targetGaps(
  targets: TargetsInput | undefined,
  overall: { level: number },
  domains: readonly { id: string; title: string; level: number }[],
): ReportTargets | null {
  if (!targets) return null;
  return {
    revision: targets.revision,
    targetDate: targets.targetDate,
    overall: targets.overall === null ? null : { target: targets.overall, level: overall.level, levelsToGo: levelsToGo(targets.overall, overall.level) },
    domains: domains
      .filter((domain) => Object.hasOwn(targets.domains, domain.id))
      .map((domain) => {
        const target = targets.domains[domain.id]!;
        return { domainId: domain.id, title: domain.title, target, level: domain.level, levelsToGo: levelsToGo(target, domain.level) };
      }),
  };
}
