/**
 * The lock file records the SHA-256 of every published (or retired) version's bytes.
 * A published version never changes: a different hash means someone edited it.
 */
import { z } from 'zod';
import { pointer, type AuthoringError, type SourceFile } from './types';

export const LOCK_FILE = 'questionnaires.lock.json';

export const LockFileSchema = z.strictObject({
  $comment: z.string().optional(),
  algorithm: z.literal('sha256'),
  /** `<id>/<version>.json` → SHA-256 of the file's bytes, lowercase hex. */
  versions: z.record(z.string().regex(/^[a-z][a-z0-9-]*\/\d+\.\d+\.\d+\.json$/), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type LockFile = z.infer<typeof LockFileSchema>;

/** Status of a file, read leniently so that even a file failing the model can be compared with the lock. */
export function declaredStatus(text: string): string | undefined {
  try {
    const raw = JSON.parse(text) as { status?: unknown };
    return typeof raw.status === 'string' ? raw.status : undefined;
  } catch {
    return undefined;
  }
}

export function parseLock(text: string | undefined): { lock?: LockFile; errors: AuthoringError[] } {
  const fail = (message: string): { errors: AuthoringError[] } => ({
    errors: [
      {
        code: 'lock_invalid',
        file: LOCK_FILE,
        pointer: '',
        message,
        fix: 'restore questionnaires.lock.json from version control; add entries with `npm run questionnaires:check -- --lock`',
      },
    ],
  });
  if (text === undefined) return fail('the lock file is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = LockFileSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${pointer(...i.path.map(String))}: ${i.message}`).join('; '));
  return { lock: parsed.data, errors: [] };
}

export function checkLock(files: readonly SourceFile[], lock: LockFile): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const file of files) {
    const locked = lock.versions[file.path];
    const status = declaredStatus(file.text);
    if (locked === undefined) {
      if (status === 'published' || status === 'retired')
        errors.push({
          code: 'lock_missing',
          file: file.path,
          pointer: '/status',
          message: `${file.path} is ${status} but has no entry in ${LOCK_FILE}`,
          fix: 'record its hash with `npm run questionnaires:check -- --lock` when you publish it; until then keep "status": "draft"',
        });
    } else if (locked !== file.sha256) {
      errors.push({
        code: 'published_changed',
        file: file.path,
        pointer: '',
        message: `${file.path} was published with SHA-256 ${locked} and now hashes to ${file.sha256}: a published version never changes`,
        fix: `restore the published file (git checkout -- questionnaires/${file.path}) and make the change in a new version with a migration`,
      });
    }
  }
  for (const path of Object.keys(lock.versions)) {
    if (!byPath.has(path))
      errors.push({
        code: 'lock_orphan',
        file: LOCK_FILE,
        pointer: pointer('versions', path),
        message: `${path} is locked as published but the file is gone`,
        fix: `restore questionnaires/${path}: published versions stay (retire them instead), because submissions refer to them`,
      });
  }
  return errors;
}
