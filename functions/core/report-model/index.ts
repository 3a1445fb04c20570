export { buildReportModel } from './build';
export { STAGE_LABELS } from './labels';
export { LEVEL_NAMES, levelName } from './levels';
export { benchmarkSnapshot } from './provenance';
export { effortPoints, valueForEffort } from './recommendations';
export { DEFAULT_ROADMAP_CAPACITY } from './roadmap';
export { TREND_MAX_POINTS } from './trend';
export type * from './types';
export { ReportModelSchema } from './schema';
