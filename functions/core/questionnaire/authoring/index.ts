/**
 * The authoring checks run by `npm run questionnaires:check`: every file on its own,
 * the versions of each questionnaire together, and the lock file of published hashes.
 * Pure: the caller reads the files and hashes them.
 */
import { checkParsedFile, parseFile } from './file-checks';
import { checkHistory } from './history-checks';
import { checkLock, parseLock } from './lock-checks';
import type { AuthoringError, ParsedFile, SourceFile } from './types';

export { LOCK_FILE, LockFileSchema, declaredStatus, type LockFile } from './lock-checks';
export { SCHEMA_REFERENCE } from './file-checks';
export type { AuthoringError, AuthoringErrorCode, SourceFile } from './types';

export function checkQuestionnaires(files: readonly SourceFile[], lockText: string | undefined): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    const result = parseFile(file);
    errors.push(...result.errors);
    if (result.parsed) {
      parsed.push(result.parsed);
      errors.push(...checkParsedFile(result.parsed));
    }
  }
  errors.push(...checkHistory(parsed));
  const lock = parseLock(lockText);
  errors.push(...lock.errors);
  if (lock.lock) errors.push(...checkLock(files, lock.lock));
  return errors;
}

/** One line per error for a terminal: where, what, and the fix. */
export function formatError(error: AuthoringError): string {
  return `${error.file}#${error.pointer} [${error.code}] ${error.message}\n    fix: ${error.fix}`;
}
