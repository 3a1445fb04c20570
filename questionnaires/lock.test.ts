/**
 * Published questionnaire versions are frozen: every published (or retired) file is
 * recorded in questionnaires.lock.json with the SHA-256 of its bytes, and must still
 * hash to it. A change is a new version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockFileSchema } from '../functions/core/questionnaire/authoring';

const DIR = import.meta.dirname;
const lock = LockFileSchema.parse(JSON.parse(readFileSync(join(DIR, 'questionnaires.lock.json'), 'utf8')));
const files = readdirSync(DIR)
  .filter((entry) => statSync(join(DIR, entry)).isDirectory())
  .flatMap((dir) =>
    readdirSync(join(DIR, dir))
      .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
      .map((f) => `${dir}/${f}`),
  );
const statusOf = (path: string) => (JSON.parse(readFileSync(join(DIR, path), 'utf8')) as { status: string }).status;

describe('questionnaires.lock.json', () => {
  it('records every published or retired version, and only files that exist', () => {
    const frozen = files.filter((f) => statusOf(f) !== 'draft').sort();
    expect(frozen).toContain('agent-identity/1.0.0.json');
    expect(frozen).toContain('agent-identity/1.1.0.json');
    expect(Object.keys(lock.versions).sort()).toEqual(frozen);
  });

  it.each(Object.entries(lock.versions))('%s still has its published SHA-256', (path, hash) => {
    expect(
      createHash('sha256')
        .update(readFileSync(join(DIR, path)))
        .digest('hex'),
    ).toBe(hash);
  });
});
