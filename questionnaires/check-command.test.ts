/**
 * `npm run questionnaires:check`: passes on the shipped questionnaires, and on a folder
 * of broken files (test/fixtures/questionnaires/broken) exits 1 naming each file, JSON
 * Pointer and fix.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkFolder, main, QUESTIONNAIRES_DIR } from '../scripts/check-questionnaires';

const BROKEN = join(import.meta.dirname, '..', 'test', 'fixtures', 'questionnaires', 'broken');

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const code = main(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('questionnaires:check', () => {
  it('finds no error in questionnaires/', () => {
    expect(checkFolder(QUESTIONNAIRES_DIR)).toEqual([]);
    const result = run([]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\d+ files checked, no errors/);
  });

  it('reports every mistake in the broken fixtures with file, pointer and fix, and exits 1', () => {
    const result = run(['--dir', BROKEN]);
    expect(result.code).toBe(1);
    const expected = [
      'demo/1.0.0.json#/questions/0/recommendations/0/control [unknown_control]',
      'demo/1.0.0.json#/questions/1/showIf/question [show_if_reference]',
      'demo/1.1.0.json#/questions/2/options/1/level [option_level]',
      'demo/1.0.0.json# [published_changed]',
    ];
    for (const line of expected) expect(result.err).toContain(line);
    expect(result.err).toMatch(/published_changed\].*\n\s+fix: restore the published file/);
    expect(result.err.match(/\n\s+fix: /g)?.length).toBeGreaterThanOrEqual(expected.length);
  });
});
