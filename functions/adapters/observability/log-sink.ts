/** Backs the apps' `log(entry)` callback with the Powertools logger. */
import type { Logger } from '@aws-lambda-powertools/logger';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);

export function loggerSink(logger: Logger): (entry: Record<string, unknown>) => void {
  return ({ level, msg, ...rest }) => {
    const method: Level = typeof level === 'string' && LEVELS.has(level) ? (level as Level) : 'info';
    logger[method](typeof msg === 'string' ? msg : 'event', rest);
  };
}
