export { buildReportModel } from './build';
export { LEVEL_NAMES, levelName } from './levels';
export { valueForEffort } from './recommendations';
export type * from './types';
