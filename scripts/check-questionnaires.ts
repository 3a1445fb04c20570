/**
 * The authoring check for questionnaire files (part of `npm test`):
 *
 *   npm run questionnaires:check                  check questionnaires/
 *   npm run questionnaires:check -- --lock        also record the hash of each newly published version
 *   npm run questionnaires:check -- --dir <path>  check another folder laid out like questionnaires/
 *
 * Prints every error with its file, JSON Pointer and fix; exits 1 when there is any.
 * Warnings (wording heuristics) and the known findings of locked published versions
 * (functions/core/questionnaire/authoring/known-findings.ts) are printed but never fail it.
 * The checks themselves are pure (functions/core/questionnaire/authoring); this script
 * reads the files, hashes them, and checks that the generated JSON Schema is current.
 * It also checks each version's control prerequisites, declared or from the reviewed table
 * (functions/core/report-model/prerequisite-check.ts), for unknown ids and cycles.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  declaredStatus,
  formatError,
  formatKnown,
  LOCK_FILE,
  LockFileSchema,
  reviewQuestionnaires,
  type AuthoringError,
  type AuthoringReview,
  type LockFile,
  type SourceFile,
} from '../functions/core/questionnaire/authoring';
import { QuestionnaireSchema } from '../functions/core/questionnaire/model';
import { prerequisiteAuthoringErrors } from '../functions/core/report-model/prerequisite-check';
import { questionnaireJsonSchemaText } from './generate-questionnaire-schema';

export const QUESTIONNAIRES_DIR = fileURLToPath(new URL('../questionnaires/', import.meta.url));
const VERSION_FILE = /^\d+\.\d+\.\d+\.json$/;

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Every `<id>/<version>.json` under `dir`, with its SHA-256. */
export function readQuestionnaireFiles(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!statSync(join(dir, entry)).isDirectory()) continue;
    for (const name of readdirSync(join(dir, entry)).sort()) {
      if (!VERSION_FILE.test(name)) continue;
      const bytes = readFileSync(join(dir, entry, name));
      files.push({ path: `${entry}/${name}`, text: bytes.toString('utf8'), sha256: sha256(bytes) });
    }
  }
  return files;
}

const readLock = (dir: string): string | undefined => (existsSync(join(dir, LOCK_FILE)) ? readFileSync(join(dir, LOCK_FILE), 'utf8') : undefined);

/** Prerequisite errors of every file that parses (a file that does not is reported by the other checks). */
function prerequisiteErrors(files: readonly SourceFile[]): AuthoringError[] {
  return files.flatMap((file) => {
    let raw: unknown;
    try {
      raw = JSON.parse(file.text);
    } catch {
      return [];
    }
    const parsed = QuestionnaireSchema.safeParse(raw);
    return parsed.success ? prerequisiteAuthoringErrors({ path: file.path, questionnaire: parsed.data }) : [];
  });
}

/** Everything the check finds in the folder: errors (including a stale JSON Schema), warnings and known findings. */
export function reviewFolder(dir: string): AuthoringReview {
  const files = readQuestionnaireFiles(dir);
  const review = reviewQuestionnaires(files, readLock(dir));
  const errors = [...review.errors, ...prerequisiteErrors(files)];
  const schemaPath = join(dir, 'questionnaire.schema.json');
  const schema = existsSync(schemaPath) ? readFileSync(schemaPath, 'utf8') : undefined;
  if (schema !== questionnaireJsonSchemaText())
    errors.push({
      code: 'schema',
      file: 'questionnaire.schema.json',
      pointer: '',
      message: 'the JSON Schema is missing or does not match the zod model',
      fix: 'regenerate it: npx tsx scripts/generate-questionnaire-schema.ts',
    });
  return { ...review, errors };
}

/** The errors for the folder: what fails the check. */
export const checkFolder = (dir: string): AuthoringError[] => reviewFolder(dir).errors;

/** Adds lock entries for published or retired versions that have none; never changes an existing entry. */
export function lockNewlyPublished(dir: string): string[] {
  const text = readLock(dir);
  const lock: LockFile = text ? LockFileSchema.parse(JSON.parse(text)) : { $comment: LOCK_COMMENT, algorithm: 'sha256', versions: {} };
  const added: string[] = [];
  for (const file of readQuestionnaireFiles(dir)) {
    const status = declaredStatus(file.text);
    if (lock.versions[file.path] === undefined && (status === 'published' || status === 'retired')) {
      lock.versions[file.path] = file.sha256;
      added.push(file.path);
    }
  }
  if (added.length) {
    const versions = Object.fromEntries(Object.entries(lock.versions).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ ...lock, versions }, null, 2)}\n`);
  }
  return added;
}

const LOCK_COMMENT =
  'SHA-256 of each published questionnaire version. A published file never changes: make a new version. Entries are added by `npm run questionnaires:check -- --lock`.';

export function main(argv: readonly string[]): number {
  const dirFlag = argv.indexOf('--dir');
  const dir = dirFlag >= 0 && argv[dirFlag + 1] ? resolve(argv[dirFlag + 1]!) : QUESTIONNAIRES_DIR;
  if (argv.includes('--lock')) {
    // Lock only files that pass every other check, so a broken file is never frozen.
    const lockExists = readLock(dir) !== undefined;
    const blocking = checkFolder(dir).filter((e) => e.code !== 'lock_missing' && (lockExists || e.code !== 'lock_invalid'));
    if (blocking.length === 0) for (const path of lockNewlyPublished(dir)) console.log(`locked ${path}`);
  }
  const { errors, warnings, known } = reviewFolder(dir);
  for (const finding of known) console.log(formatKnown(finding));
  for (const warning of warnings) console.log(`warning: ${formatError(warning)}`);
  if (errors.length) {
    console.error(`${errors.length} questionnaire authoring error${errors.length > 1 ? 's' : ''} in ${dir}:\n`);
    for (const error of errors) console.error(formatError(error));
    return 1;
  }
  const count = readQuestionnaireFiles(dir).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  console.log(
    `questionnaires: ${plural(count, 'file')} checked, no errors (${plural(warnings.length, 'warning')}, ${plural(known.length, 'known finding')} in locked published versions)`,
  );
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
