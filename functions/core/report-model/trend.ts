/** Scores over time: earlier submissions of the same questionnaire, then this one. */
import type { Scores } from '../scoring/score';
import { figureOf } from './domains';
import type { BenchmarkInput, Figure, HistoryInput, ReportInput, Trend, TrendPoint } from './types';

/** More columns than this would not fit an A4 table; the oldest are left out. */
export const TREND_MAX_POINTS = 6;

function point(entry: HistoryInput, current: boolean): TrendPoint {
  return {
    assessmentId: entry.assessmentId,
    version: entry.version,
    submittedAt: entry.submittedAt,
    current,
    overall: entry.scores.overall.score,
    domains: domainScores(entry.scores),
  };
}

function domainScores(scores: Scores): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, d] of Object.entries(scores.domains)) if (d.counted > 0) out[id] = d.score;
  return out;
}

export function trend(input: ReportInput, shown: BenchmarkInput | undefined): Trend {
  const { assessment, questionnaire } = input;
  const earlier = (input.history ?? [])
    .filter((h) => h.assessmentId !== assessment.id && h.submittedAt < assessment.submittedAt)
    .sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
  const all = [
    ...earlier.map((h) => point(h, false)),
    point({ assessmentId: assessment.id, version: questionnaire.version, submittedAt: assessment.submittedAt, scores: assessment.scores }, true),
  ];
  const points = all.slice(-TREND_MAX_POINTS);
  const result: Trend = { points, omitted: all.length - points.length };
  if (shown) {
    const domains: Record<string, Figure> = {};
    for (const [id, q] of Object.entries(shown.domains ?? {})) domains[id] = figureOf(q.p50);
    result.cohortMedian = { ...(shown.overall ? { overall: figureOf(shown.overall.p50) } : {}), domains };
  }
  return result;
}
