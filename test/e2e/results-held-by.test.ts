/**
 * The results page says why a level is held and what each recommended control builds on
 * (docs/reports.md): a domain held down by a capping answer shows the held-by line in the
 * domain table, and a control whose prerequisite is also recommended shows "After: …".
 * Accessible (axe) at phone width.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { allQuestions, completeAnswers } from '../support/answering';
import { check, Session, withBrowser } from './browser';
import { latestQuestionnaire, seedOrganisations } from './seed';
import { servedWebApp, signIn } from './web-platform';

describe('held levels and prerequisites on the results page', () => {
  const platform = servedWebApp();

  it('shows the held-by line per domain and the prerequisites of each control', { timeout: 120_000 }, async () => {
    const { url, adminKey } = platform();
    const api = apiClient(url);
    const [low, capped] = await seedOrganisations(
      url,
      adminKey,
      [
        { name: 'Starting Ltd', industry: 'energy', sizeBand: '250-999', region: 'europe' },
        { name: 'Capped Ltd', industry: 'energy', sizeBand: '250-999', region: 'europe' },
      ],
      (i) => (i === 0 ? 0 : 4),
    );
    // The second organisation answers at the top, except for one capping answer.
    const q = await latestQuestionnaire(url);
    const cap = allQuestions(q).find((x) => x.caps.length > 0 && 'options' in x)!;
    check(cap, 'the questionnaire has a capping question');
    const answers = completeAnswers(q, (levels) => levels - 1);
    answers[cap.id] = { value: cap.type === 'multi' ? [cap.caps[0]!.options[0]!] : cap.caps[0]!.options[0]! };
    const reopened = await api.post(`/v1/assessments/${capped!.assessmentId}/reopen`, {}, capped!.token);
    await api.patch(`/v1/assessments/${reopened.body.id}/answers`, { revision: reopened.body.revision, answers }, capped!.token);
    const submitted = await api.post(`/v1/assessments/${reopened.body.id}/submit`, {}, capped!.token);
    check(submitted.status === 200, `submission (${submitted.status})`);
    const held = submitted.body.scores.domains[cap.domain];
    expect(held.heldBy).toMatchObject({ rule: 'cap', question: cap.id });

    // The starting organisation's report: a control whose prerequisite is also recommended.
    const report = (await api.get(`/v1/assessments/${low!.assessmentId}/report.json`, low!.token)).body;
    const titles = new Map<string, string>(report.recommendations.map((r: { id: string; title: string }) => [r.id, r.title]));
    // An unstaged one: a staged control's heading also names its step.
    const later = report.recommendations.find((r: { prerequisites: string[]; stage?: string }) => r.prerequisites.length > 0 && !r.stage);
    check(later, 'a recommended control builds on another');

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'results-held-by');
      const { page } = s;
      await signIn(page, platform(), capped!.token);
      await page.locator(`a[href$="${reopened.body.id}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      const domainTitle = q.domains.find((d) => d.id === cap.domain) as { title?: string } | undefined;
      const row = page.locator('table.domain-scores tbody tr').filter({ has: page.locator('.held-by') });
      await row.first().waitFor();
      const heldRows = await row.allInnerTexts();
      await s.capture('held');

      await signIn(page, platform(), low!.token);
      await page.locator(`a[href$="${low!.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      await page.locator('ol.recommendations > li').first().waitFor();
      const item = page.locator('ol.recommendations > li').filter({ has: page.getByRole('heading', { name: later.title, exact: true }) });
      const after = (await item.locator('.prerequisites').innerText()).trim();
      await s.capture('prerequisites');
      return { s, heldRows, domainTitle: domainTitle?.title, after };
    });

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.heldRows).toHaveLength(1);
    expect(outcome.heldRows[0]).toContain(outcome.domainTitle ?? '');
    expect(outcome.heldRows[0]!.replace(/\s+/g, ' ')).toContain(
      `Held at level ${held.level} by “${cap.prompt}” (cap); the score alone would give level ${held.heldBy.unheldLevel}`,
    );
    expect(outcome.after).toBe(`After: ${later.prerequisites.map((p: string) => titles.get(p)).join('; ')}`);
  });
});
