/**
 * Reviewing a file's classification in real Chromium (issue 20, docs/evidence.md, "Reviewing
 * the classification"): an owner chooses a credential report, reviews its identities, corrects
 * one unclassified identity to an agent, saves the correction and imports; the import counts
 * that identity as an agent and the rules keep the correction. axe finds nothing serious with
 * the table open.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { check, Session, withBrowser } from './browser';
import { ownerWithDraft } from './seed';
import { servedWebApp, signIn } from './web-platform';

const REPORT = 'test/fixtures/evidence/credential-report.csv';

describe('reviewing the classification in the browser', () => {
  const platform = servedWebApp();

  it('review a credential report, correct one identity, save and import', { timeout: 150_000 }, async () => {
    const { url } = platform();
    const api = apiClient(url);
    const { ownerKey, assessmentId } = await ownerWithDraft(url, 'Reviewed Ltd');

    // What the preview says before any correction: one unclassified identity to correct.
    const previewed = await api.call('POST', `/v1/assessments/${assessmentId}/evidence/preview?format=aws-credential-report&fileName=credential-report.csv`, {
      token: ownerKey,
      rawBody: readFileSync(REPORT, 'utf8'),
      headers: { 'content-type': 'text/csv' },
    });
    check(previewed.status === 200, `the preview answers (${previewed.status})`);
    const before = previewed.body as { counts: Record<string, number>; identities: { key: string; name: string; kind: string }[] };
    const target = before.identities.find((i) => i.kind === 'unknown')!;
    check(!!target, 'the report has an unclassified identity');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'evidence-review');
      const { page } = s;
      await signIn(page, platform(), ownerKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Evidence from your identity systems' }) });
      await section.getByText('No file imported into this assessment yet.').waitFor();

      await section.getByLabel('What the file is').selectOption({ label: 'AWS IAM credential report (CSV)' });
      await section.getByLabel('File', { exact: true }).setInputFiles(REPORT);
      await section.getByRole('button', { name: 'Review classification' }).click();
      const table = section.getByRole('table', { name: /Identities and their kinds/ });
      await table.waitFor();
      const rowCount = await table.locator('tbody tr').count();
      const kind = section.getByLabel(`Kind of ${target.name}`, { exact: true });
      const reasonBefore = await table.locator(`tr[data-identity="${target.key}"] td`).last().innerText();
      await kind.selectOption('agent');
      await section.getByRole('status').filter({ hasText: '1 correction to save.' }).waitFor();
      await s.capture('review-open');
      // The filter shows agents only, the corrected identity among them.
      await section.getByLabel('Show').selectOption('agent');
      const agentsShown = await table.locator('tbody tr').count();
      const correctedShown = await table.locator(`tr[data-identity="${target.key}"]`).count();
      await section.getByLabel('Show').selectOption('all');
      await section.getByRole('button', { name: 'Save corrections and import' }).click();
      await section.getByRole('status').filter({ hasText: 'Imported credential-report.csv' }).waitFor();
      const summary = await section.locator('li.evidence-import').first().locator('p').first().innerText();
      const reviewGone = (await section.getByRole('table', { name: /Identities and their kinds/ }).count()) === 0;
      await s.capture('imported');
      return { s, rowCount, reasonBefore, agentsShown, correctedShown, summary, reviewGone };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.rowCount).toBe(before.identities.length);
    expect(out.reasonBefore).toBe('no tag, naming rule or default applies');
    expect(out.agentsShown).toBe(before.counts.agent! + 1);
    expect(out.correctedShown).toBe(1);
    expect(out.reviewGone).toBe(true);
    const listed = await api.get(`/v1/assessments/${assessmentId}/evidence`, ownerKey);
    const [record] = listed.body.imports as { identities: Record<string, number>; rulesRevision: number }[];
    expect(record!.identities.agent).toBe(before.counts.agent! + 1);
    expect(record!.identities.unknown).toBe(before.counts.unknown! - 1);
    expect(record!.rulesRevision).toBe(1);
    expect(out.summary).toContain(`${before.counts.agent! + 1} agent identities`);
    const rules = await api.get('/v1/evidence/classification-rules', ownerKey);
    expect(rules.body.corrections).toEqual([{ identity: target.key, kind: 'agent' }]);
  });
});
