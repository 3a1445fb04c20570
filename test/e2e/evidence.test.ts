/**
 * Evidence imports in real Chromium (issue 20, docs/evidence.md): an owner opens a draft,
 * downloads the agent inventory template, imports a credential report and the template, and
 * reads back the identity counts, the facts and the proposed answers; a second template with
 * one owner removed shows what changed since the last import. axe finds nothing serious.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../functions/core/evidence/aim-template';
import { apiClient } from '../support/api-client';
import { Session, withBrowser } from './browser';
import { ownerWithDraft } from './seed';
import { servedWebApp, signIn } from './web-platform';

const FIXTURES = 'test/fixtures/evidence';

describe('evidence imports in the browser', () => {
  const platform = servedWebApp();

  it('download the template, import two files, read the facts, proposals and changes since the last import', { timeout: 150_000 }, async () => {
    const { url } = platform();
    const api = apiClient(url);
    const { ownerKey, assessmentId, questionnaire: q } = await ownerWithDraft(url, 'Measured Ltd');

    // The same template with the first owner removed: one agent fewer with a named owner.
    const lines = readFileSync(`${FIXTURES}/template.csv`, 'utf8').split('\n');
    const row = lines.findIndex((line, i) => i > 0 && line.split(',')[1] !== '');
    const cells = lines[row]!.split(',');
    cells[1] = '';
    lines[row] = cells.join(',');
    const edited = join(mkdtempSync(join(tmpdir(), 'aim-evidence-')), 'agents-next.csv');
    writeFileSync(edited, lines.join('\n'));

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'evidence');
      const { page } = s;
      await signIn(page, platform(), ownerKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Evidence from your identity systems' }) });
      await section.getByText('No file imported into this assessment yet.').waitFor();

      const downloading = page.waitForEvent('download');
      await section.getByRole('button', { name: 'Download the agent inventory template' }).click();
      const download = await downloading;
      const template = readFileSync((await download.path())!, 'utf8');

      const importFile = async (format: string, path: string, fileName: string) => {
        await section.getByLabel('What the file is').selectOption({ label: format });
        await section.getByLabel('File', { exact: true }).setInputFiles(path);
        await section.getByRole('button', { name: 'Import', exact: true }).click();
        await section
          .getByRole('status')
          .filter({ hasText: `Imported ${fileName}` })
          .waitFor();
      };
      await importFile('AWS IAM credential report (CSV)', `${FIXTURES}/credential-report.csv`, 'credential-report.csv');
      await importFile('AIM agent inventory template (CSV)', `${FIXTURES}/template.csv`, 'template.csv');
      await s.capture('imported');
      await importFile('AIM agent inventory template (CSV)', edited, 'agents-next.csv');
      const newest = section.locator('li.evidence-import').first();
      const owners = await newest.locator('tr[data-fact="named-owner"] td').innerText();
      const proposals = await newest.locator('.evidence-proposals li').allInnerTexts();
      const changes = await newest.locator('.evidence-changes').innerText();
      await s.capture('changes');
      const headings = await section.locator('li.evidence-import h3').allInnerTexts();
      return { s, template, owners, proposals, changes, headings };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.template.split(/\r?\n/)[0]).toBe(TEMPLATE_COLUMNS.join(','));
    // Newest first: the edited template, the template, the credential report.
    expect(out.headings.map((h) => h.split(' (')[0])).toEqual(['agents-next.csv', 'template.csv', 'credential-report.csv']);
    const listed = await api.get(`/v1/assessments/${assessmentId}/evidence`, ownerKey);
    const [next, before] = listed.body.imports as { facts: { id: string; numerator: number; denominator: number }[] }[];
    const ownerFact = (r: typeof next) => r!.facts.find((f) => f.id === 'named-owner')!;
    expect(out.owners).toBe(
      `${ownerFact(next).numerator} of ${ownerFact(next).denominator} (${Math.round((100 * ownerFact(next).numerator) / ownerFact(next).denominator)}%)`,
    );
    expect(ownerFact(next).numerator).toBe(ownerFact(before).numerator - 1);
    const ownerQuestion = q.domains.flatMap((d) => d.questions).find((x) => x.id === 'agent-owner-coverage')!;
    expect(out.proposals.some((p) => p.startsWith(ownerQuestion.prompt) && p.includes('agents-next.csv'))).toBe(true);
    expect(out.changes).toContain('Since template.csv');
    expect(out.changes).toMatch(new RegExp(`${ownerFact(before).numerator} of ${ownerFact(before).denominator} \\(\\d+%\\) → ${ownerFact(next).numerator} of`));
  });
});
