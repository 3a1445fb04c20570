/**
 * Read back with pdftotext: the organisation's targets (issue 19) in the domain table (a
 * "Target" column: the level with the levels to go, or "met") and one line in the overall
 * result; a report without targets shows neither.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text laid out as printed (-layout), so that a domain's row reads on one line. */
async function layoutText(model: ReportModel, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderReportPdf(model));
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The domain table: from its heading (the second "Domains against the cohort", after the cover's contents) to the first domain page. */
const tableOf = (text: string) => {
  const start = text.indexOf('Domains against the cohort', text.indexOf('Domains against the cohort') + 1);
  return text.slice(start, text.indexOf('Answers holding it back', start));
};

/** The line of the domain table that names `title`. */
const tableRow = (text: string, title: string) =>
  tableOf(text)
    .split('\n')
    .find((line) => line.includes(title)) ?? '';

describe('renderReportPdf with targets', () => {
  let model: ReportModel;
  let text: string;

  beforeAll(async () => {
    const plain = buildReportModel(fixtureInput());
    const levelOf = (id: string) => plain.domains.find((d) => d.id === id)!.level;
    // Credentials two levels above where they are; Least privilege already met; Audit without a target.
    model = buildReportModel(
      fixtureInput({ targets: { revision: 2, targetDate: '2027-06-30', overall: 4, domains: { credentials: levelOf('credentials') + 2, access: 1 } } }),
    );
    text = await layoutText(model, 'targets');
  });

  it('adds a Target column to the domain table: the level and the levels to go, or met', () => {
    const credentials = model.targets!.domains.find((d) => d.domainId === 'credentials')!;
    expect(tableOf(text)).toMatch(/\bTarget\b/);
    expect(tableRow(text, 'Credential lifecycle')).toContain(`${credentials.target} (2 to go)`);
    expect(tableRow(text, 'Least privilege')).toMatch(/\bmet\b/);
    expect(tableRow(text, 'Audit and accountability')).not.toMatch(/to go|\bmet\b/);
  });

  it('prints the overall target with its date in the overall result', () => {
    expect(text).toContain('Target: level 4 by 30 Jun 2027');
  });

  it('prints neither without targets', async () => {
    const plain = await layoutText(buildReportModel(fixtureInput()), 'no-targets');
    expect(plain).not.toContain('Target: level');
    expect(plain).not.toMatch(/to go\)/);
    expect(tableOf(plain)).not.toMatch(/\bTarget\b/);
    expect(tableRow(plain, 'Least privilege')).not.toMatch(/\bmet\b/);
  });
});
