/**
 * The content checks of issue 17 on real files, through `npm run questionnaires:check`
 * on temporary folders: the locked published versions pass with their findings reported
 * as known; the same content as a new draft version gets the full errors.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KNOWN_FINDINGS } from '../functions/core/questionnaire/authoring/known-findings';
import { checkFolder, main, QUESTIONNAIRES_DIR, reviewFolder } from '../scripts/check-questionnaires';

const SHIPPED = ['agent-identity/1.0.0.json', 'agent-identity/1.1.0.json', 'questionnaire.schema.json'];
const LATER = 'agent-identity/1.2.0.json';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aim-content-checks-'));
  mkdirSync(join(dir, 'agent-identity'));
  for (const file of SHIPPED) copyFileSync(join(QUESTIONNAIRES_DIR, file), join(dir, file));
  // The folder as it was before 1.2.0 was published, so that 1.1.0's content can be tried as a new 1.2.0 draft.
  const lock = JSON.parse(readFileSync(join(QUESTIONNAIRES_DIR, 'questionnaires.lock.json'), 'utf8'));
  delete lock.versions[LATER];
  writeFileSync(join(dir, 'questionnaires.lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** 1.1.0's content as a new draft 1.2.0 declaring a migration from 1.1.0, after `change`. */
function draftFrom110(change: (doc: any) => void = () => {}) {
  const doc = JSON.parse(readFileSync(join(QUESTIONNAIRES_DIR, 'agent-identity/1.1.0.json'), 'utf8'));
  Object.assign(doc, { version: '1.2.0', status: 'draft', migration: { from: '1.1.0' } });
  change(doc);
  writeFileSync(join(dir, 'agent-identity/1.2.0.json'), `${JSON.stringify(doc, null, 2)}\n`);
}
const at = (findings: { file: string; code: string; pointer: string }[], file: string) =>
  findings.filter((f) => f.file === file).map((f) => `${f.code} ${f.pointer}`);

describe('content checks on the shipped questionnaires', () => {
  it('pass the locked 1.0.0 and 1.1.0, reporting every listed finding as known, and no allow-list entry is stale', () => {
    const review = reviewFolder(dir);
    expect(review.errors).toEqual([]);
    expect(review.warnings).toEqual([]);
    const known = review.known.map(({ finding }) => `${finding.file} ${finding.code} ${finding.pointer}`).sort();
    expect(known).toEqual(KNOWN_FINDINGS.map((e) => `${e.file} ${e.code} ${e.pointer}`).sort());
    expect(known.length).toBeGreaterThan(0);
  });

  it('pass the published 1.2.0 with no finding at all, known or not', () => {
    copyFileSync(join(QUESTIONNAIRES_DIR, LATER), join(dir, LATER));
    copyFileSync(join(QUESTIONNAIRES_DIR, 'questionnaires.lock.json'), join(dir, 'questionnaires.lock.json'));
    const review = reviewFolder(dir);
    expect(review.errors).toEqual([]);
    expect(review.warnings).toEqual([]);
    expect(review.known.filter(({ finding }) => finding.file === LATER)).toEqual([]);
  });

  it('prints the known findings and still exits 0', () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(main(['--dir', dir])).toBe(0);
    expect(out.join('\n')).toContain('agent-identity/1.1.0.json#/questions/29/options/0 [exclusive_option] known:');
    expect(out.at(-1)).toMatch(/no errors \(0 warnings, \d+ known findings in locked published versions\)/);
  });

  it('give a new draft made of the same content the full errors and warnings', () => {
    draftFrom110();
    const review = reviewFolder(dir);
    const draft = 'agent-identity/1.2.0.json';
    expect(at(review.errors, draft)).toEqual(['shared_level /questions/0/options/1/level', 'exclusive_option /questions/29/options/0']);
    expect(at(review.warnings, draft)).toEqual([
      'double_barrelled_prompt /questions/4/prompt',
      'leading_help /questions/10/help',
      'leading_help /questions/14/help',
      'leading_help /questions/17/help',
      'leading_help /questions/18/help',
    ]);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a) => void errors.push(a.join(' ')));
    expect(main(['--dir', dir])).toBe(1);
    expect(errors.join('\n')).toContain('agent-identity/1.2.0.json#/questions/29/options/0 [exclusive_option]');
  });

  it('pass the draft once it declares the exclusive option and the shared level (warnings stay warnings)', () => {
    draftFrom110((doc) => {
      doc.questions[0].options[1].sharesLevel = true;
      doc.questions[29].options[0].exclusive = true;
    });
    expect(checkFolder(dir)).toEqual([]);
    expect(reviewFolder(dir).warnings).toHaveLength(5);
  });

  it('fail a locked version whose file changed, rather than excusing its findings', () => {
    const path = join(dir, 'agent-identity/1.1.0.json');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n`);
    const codes = at(checkFolder(dir), 'agent-identity/1.1.0.json');
    expect(codes).toContain('published_changed ');
    expect(codes).toContain('exclusive_option /questions/29/options/0');
  });
});
