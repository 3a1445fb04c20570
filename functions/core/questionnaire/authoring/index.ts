/**
 * The authoring checks run by `npm run questionnaires:check`: every file on its own,
 * the versions of each questionnaire together, and the lock file of published hashes.
 * Pure: the caller reads the files and hashes them.
 */
import { checkParsedFile, parseFile } from './file-checks';
import { checkHistory } from './history-checks';
import { separateKnown } from './known-findings';
import { checkLock, parseLock } from './lock-checks';
import { checkOptions } from './option-checks';
import { checkStages } from './stage-checks';
import type { AuthoringError, AuthoringWarning, KnownFinding, ParsedFile, SourceFile } from './types';
import { checkWording } from './wording-checks';

export { LOCK_FILE, LockFileSchema, declaredStatus, type LockFile } from './lock-checks';
export { SCHEMA_REFERENCE } from './file-checks';
export type { AuthoringError, AuthoringErrorCode, AuthoringWarning, AuthoringWarningCode, KnownFinding, SourceFile } from './types';

/** What the check found: errors fail it; warnings and known findings of locked published versions are only reported. */
export interface AuthoringReview {
  errors: AuthoringError[];
  warnings: AuthoringWarning[];
  known: KnownFinding[];
}

export function reviewQuestionnaires(files: readonly SourceFile[], lockText: string | undefined): AuthoringReview {
  const errors: AuthoringError[] = [];
  const content: AuthoringError[] = [];
  const warnings: AuthoringWarning[] = [];
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    const result = parseFile(file);
    errors.push(...result.errors);
    if (result.parsed) {
      parsed.push(result.parsed);
      errors.push(...checkParsedFile(result.parsed));
      content.push(...checkOptions(file.path, result.parsed.questionnaire));
      warnings.push(...checkWording(file.path, result.parsed.questionnaire));
      const stages = checkStages(file.path, result.parsed.questionnaire);
      content.push(...stages.errors);
      warnings.push(...stages.warnings);
    }
  }
  errors.push(...checkHistory(parsed));
  const lock = parseLock(lockText);
  errors.push(...lock.errors);
  if (lock.lock) errors.push(...checkLock(files, lock.lock));
  const knownErrors = separateKnown(content, files, lock.lock);
  const knownWarnings = separateKnown(warnings, files, lock.lock);
  return { errors: [...errors, ...knownErrors.open], warnings: knownWarnings.open, known: [...knownErrors.known, ...knownWarnings.known] };
}

/** The errors only: what fails the check. */
export function checkQuestionnaires(files: readonly SourceFile[], lockText: string | undefined): AuthoringError[] {
  return reviewQuestionnaires(files, lockText).errors;
}

/** One line per error for a terminal: where, what, and the fix. */
export function formatError(error: AuthoringError | AuthoringWarning): string {
  return `${error.file}#${error.pointer} [${error.code}] ${error.message}\n    fix: ${error.fix}`;
}

/** One line per known finding: where, what, and why it stays. */
export function formatKnown({ finding, why }: KnownFinding): string {
  return `${finding.file}#${finding.pointer} [${finding.code}] known: ${why}`;
}
