/**
 * A draft started on questionnaire 1.0.0, opened in the browser once 1.1.0 is the newest:
 * the page says what the new version changes, moves the draft on request, then says
 * which answers carried over and links the questions to answer now.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { check, Session, withBrowser } from './browser';
import { servedWebApp, signIn } from './web-platform';

describe('moving a draft to the newest questionnaire version in the browser', () => {
  const platform = servedWebApp();

  it('explains the change, moves the draft, and points at what to answer now', { timeout: 90_000 }, async () => {
    const url = platform().url;
    const api = apiClient(url);
    const catalogue = (await api.get('/v1/questionnaires')).body.questionnaires[0];
    check(catalogue.latest === '1.1.0', `the newest agent-identity version is 1.1.0 (${catalogue.latest})`);
    const owner = (await api.post('/v1/organisations', { name: 'Early Starters Ltd', industry: 'retail', sizeBand: '50-249', region: 'europe' })).body.token
      .secret as string;
    const older = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body as ServedQuestionnaire;
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body;
    const saved = await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers: completeAnswers(older, () => 1) }, owner);
    check(saved.status === 200, `answers saved on 1.0.0 (${saved.status})`);
    const diff = (await api.get('/v1/questionnaires/agent-identity/diff?from=1.0.0&to=1.1.0')).body;
    const newer = (await api.get('/v1/questionnaires/agent-identity/versions/1.1.0')).body as ServedQuestionnaire;
    const prompt = (id: string) => newer.domains.flatMap((d) => d.questions).find((q) => q.id === id)?.prompt ?? id;

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'upgrade');
      const { page } = s;
      await signIn(page, platform(), owner);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.getByText('version 1.1.0 available').waitFor();
      const listed0 = (await page.locator('.assessment-list li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      await page.goto(`${url}/#/assessments/${draft.id}`);
      const offer = page.getByTestId('upgrade-offer');
      await offer.getByRole('heading', { name: 'Version 1.1.0 of this questionnaire is available' }).waitFor();
      await offer.getByText(/adds \d+ question/).waitFor();
      const offerText = (await offer.innerText()).replace(/\s+/g, ' ');
      await offer.getByText('Questions added and removed').click();
      const listed = await offer.locator('li').allInnerTexts();
      await s.capture('offer');

      await offer.getByRole('button', { name: 'Move this draft to version 1.1.0' }).click();
      const done = page.getByTestId('upgrade-outcome');
      await done.getByRole('heading', { name: 'Moved from version 1.0.0 to 1.1.0' }).waitFor();
      const doneText = (await done.innerText()).replace(/\s+/g, ' ');
      const links = await done.getByRole('link').allInnerTexts();
      const hint = (await page.locator('p.hint').first().innerText()).trim();
      await s.capture('moved');

      await done.getByRole('link', { name: prompt('approved-tool-register') }).click();
      await page.waitForFunction(() => window.location.hash.endsWith('/approved-tool-register'));
      const hash = await page.evaluate(() => window.location.hash);
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      const offersAfterReload = await page.getByTestId('upgrade-offer').count();
      return { s, home: listed0, offerText, listed, doneText, links, hint, hash, offersAfterReload };
    });

    const stored = (await api.get(`/v1/assessments/${draft.id}`, owner)).body;

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.home).toHaveLength(1);
    expect(outcome.home[0]).toMatch(/1\.0\.0.*Draft.*version 1\.1\.0 available/);
    expect(outcome.offerText).toContain('This draft uses version 1.0.0.');
    expect(outcome.offerText).toContain(`adds ${diff.questions.added.length} question`);
    expect(outcome.offerText).toContain(`removes ${diff.questions.removed.length}`);
    expect(outcome.listed).toEqual([
      ...diff.questions.added.map((q: { prompt: string }) => `Added: ${q.prompt}`),
      ...diff.questions.removed.map((q: { prompt: string }) => `Removed: ${q.prompt}`),
    ]);
    // The draft moved, its answers with it; the page says so and names what is missing.
    expect(stored.version).toBe('1.1.0');
    expect(outcome.hint).toMatch(/^Version 1\.1\.0\./);
    const carried = Object.keys(stored.answers).length;
    expect(carried).toBeGreaterThan(20);
    expect(outcome.doneText).toContain(`${carried} answers carried over`);
    expect(outcome.links).toContain(prompt('approved-tool-register'));
    expect(stored.answers['approved-tool-register']).toBeUndefined();
    expect(outcome.hash).toMatch(new RegExp(`^#/assessments/${draft.id}/[^/]+/approved-tool-register$`));
    // Once on the newest version there is nothing more to offer.
    expect(outcome.offersAfterReload).toBe(0);
  });
});
