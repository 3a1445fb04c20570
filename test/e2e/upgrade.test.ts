/**
 * Drafts started on questionnaire 1.1.0 and 1.0.0, opened in the browser once 1.2.0 is the
 * newest: the page says what the new version changes, moves each draft on request (1.0.0
 * through 1.1.0's migration), then says which answers carried over and links the
 * questions to answer now, among them those 1.2.0 asks again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { check, Session, withBrowser } from './browser';
import { servedWebApp, signIn } from './web-platform';

const squash = (text: string) => text.replace(/\s+/g, ' ');

/** Presses the offer's button and waits for the server's answer and the outcome it renders. */
async function moveDraft(page: Page, from: string, to: string) {
  const offer = page.getByTestId('upgrade-offer');
  const upgraded = page.waitForResponse((r) => r.request().method() === 'POST' && /\/v1\/assessments\/[^/]+\/upgrade$/.test(r.url()));
  await offer.getByRole('button', { name: `Move this draft to version ${to}` }).click();
  check((await upgraded).status() === 200, `the upgrade from ${from} was accepted`);
  const done = page.getByTestId('upgrade-outcome');
  await done.getByRole('heading', { name: `Moved from version ${from} to ${to}` }).waitFor();
  return { text: squash(await done.innerText()), links: await done.getByRole('link').allInnerTexts() };
}

describe('moving a draft to the newest questionnaire version in the browser', () => {
  const platform = servedWebApp();

  it('explains the change, moves 1.1.0 and 1.0.0 drafts to 1.2.0, and points at what to answer now', { timeout: 120_000 }, async () => {
    const url = platform().url;
    const api = apiClient(url);
    const catalogue = (await api.get('/v1/questionnaires')).body.questionnaires[0];
    check(catalogue.latest === '1.2.0', `the newest agent-identity version is 1.2.0 (${catalogue.latest})`);
    const owner = (await api.post('/v1/organisations', { name: 'Early Starters Ltd', industry: 'retail', sizeBand: '50-249', region: 'europe' })).body.token
      .secret as string;
    const served = async (version: string) => (await api.get(`/v1/questionnaires/agent-identity/versions/${version}`)).body as ServedQuestionnaire;
    const [v100, v110, newer] = [await served('1.0.0'), await served('1.1.0'), await served('1.2.0')];
    const startDraft = async (q: ServedQuestionnaire, answers: ReturnType<typeof completeAnswers>) => {
      const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: q.version }, owner)).body;
      const saved = await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers }, owner);
      check(saved.status === 200, `answers saved on ${q.version} (${saved.status})`);
      return draft.id as string;
    };
    const oldest = await startDraft(
      v100,
      completeAnswers(v100, () => 1),
    );
    // Level 2 throughout, one action ticked: identity-reuse, agent-ownership and agent-credential-type have no equivalent at that level.
    const middle = await startDraft(v110, { ...completeAnswers(v110, () => 1), 'containment-actions': { value: ['manual-credential-hunt'] } });
    const diff = (await api.get('/v1/questionnaires/agent-identity/diff?from=1.1.0&to=1.2.0')).body;
    const prompt = (id: string) => newer.domains.flatMap((d) => d.questions).find((q) => q.id === id)?.prompt ?? id;
    const reAsked = ['identity-shared-across-agents', 'identity-shared-across-environments', 'agent-owner-coverage', 'weakest-credential-type'];

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'upgrade');
      const { page } = s;
      await signIn(page, platform(), owner);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.getByText('version 1.2.0 available').first().waitFor();
      const home = (await page.locator('.assessment-list li').allInnerTexts()).map(squash);

      await page.goto(`${url}/#/assessments/${middle}`);
      const offer = page.getByTestId('upgrade-offer');
      await offer.getByRole('heading', { name: 'Version 1.2.0 of this questionnaire is available' }).waitFor();
      await offer.getByText(/adds \d+ question/).waitFor();
      const offerText = squash(await offer.innerText());
      await offer.getByText('Questions added and removed').click();
      const listed = await offer.locator('li').allInnerTexts();
      await s.capture('offer');
      const moved = await moveDraft(page, '1.1.0', '1.2.0');
      const hint = (await page.locator('p.hint').first().innerText()).trim();
      await s.capture('moved');

      await page
        .getByTestId('upgrade-outcome')
        .getByRole('link', { name: prompt('weakest-credential-type') })
        .click();
      await page.waitForFunction(() => window.location.hash.endsWith('/weakest-credential-type'));
      const hash = await page.evaluate(() => window.location.hash);
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Once the question is on screen the page has settled: a navigation made while it was still arriving was seen lost under load.
      await page.locator('#q-weakest-credential-type').waitFor();
      const offersAfterReload = await page.getByTestId('upgrade-offer').count();

      // 1.2.0's containment actions: "none prepared" stands alone, and the essential actions say what leaving them out costs.
      await page.goto(`${url}/#/assessments/${middle}/runtime-containment/containment-actions`);
      const containment = page.locator('#q-containment-actions');
      await containment.getByTestId('essential-hint').waitFor();
      const essentialHint = squash(await containment.getByTestId('essential-hint').innerText());
      const essentialLabels = await containment.locator('label.option:has(.essential)').allInnerTexts();
      await s.capture('essential-actions');

      // A 1.0.0 draft goes to 1.2.0 in one move, through 1.1.0's migration.
      await page.goto(`${url}/#/assessments/${oldest}`);
      await page.getByTestId('upgrade-offer').getByText('This draft uses version 1.0.0.').waitFor();
      const chained = await moveDraft(page, '1.0.0', '1.2.0');
      await s.capture('moved-from-1.0.0');
      return { s, home, offerText, listed, moved, hint, hash, offersAfterReload, essentialHint, essentialLabels, chained };
    });

    const stored = (await api.get(`/v1/assessments/${middle}`, owner)).body;
    const storedOldest = (await api.get(`/v1/assessments/${oldest}`, owner)).body;
    const unanswered = (answers: Record<string, unknown>) =>
      newer.domains
        .flatMap((d) => d.questions)
        .filter((q) => q.required && !answers[q.id])
        .map((q) => q.prompt);

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.home).toHaveLength(2);
    for (const line of outcome.home) expect(line).toMatch(/1\.[01]\.0.*Draft.*version 1\.2\.0 available/);
    expect(outcome.offerText).toContain('This draft uses version 1.1.0.');
    expect(outcome.offerText).toContain(`adds ${diff.questions.added.length} questions`);
    expect(outcome.offerText).toContain('removes 0');
    expect(outcome.listed).toEqual(diff.questions.added.map((q: { prompt: string }) => `Added: ${q.prompt}`));

    // The draft moved, its answers with it; the page names the questions to answer, re-asked ones included.
    expect(stored.version).toBe('1.2.0');
    expect(outcome.hint).toMatch(/^Version 1\.2\.0\./);
    expect(stored.answers['token-audience-enforcement']).toMatchObject({ value: 'enforced-some' });
    const carried = Object.keys(stored.answers).length;
    expect(carried).toBeGreaterThan(20);
    expect(outcome.moved.text).toContain(`${carried} answers carried over; 4 answers had no equivalent and must be given again`);
    for (const id of reAsked) {
      expect(stored.answers[id], id).toBeUndefined();
      expect(outcome.moved.links).toContain(prompt(id));
    }
    expect([...outcome.moved.links].sort()).toEqual(unanswered(stored.answers).sort());
    expect(outcome.hash).toMatch(new RegExp(`^#/assessments/${middle}/[^/]+/weakest-credential-type$`));
    // Once on the newest version there is nothing more to offer.
    expect(outcome.offersAfterReload).toBe(0);

    const containment = newer.domains.flatMap((d) => d.questions).find((q) => q.id === 'containment-actions')!;
    const essential = 'options' in containment ? containment.options.filter((o) => o.essential) : [];
    expect(essential.map((o) => o.id)).toEqual(['revoke-tokens', 'disable-identity']);
    expect(outcome.essentialLabels.map(squash)).toEqual(essential.map((o) => `${o.label} (essential)`));
    expect(outcome.essentialHint).toBe(`Essential: leaving out “${essential[0]!.label}” or “${essential[1]!.label}” holds this answer at level 2 at most.`);

    expect(storedOldest.version).toBe('1.2.0');
    expect(storedOldest.answers['approval-record']).toBeDefined();
    expect(outcome.chained.text).toContain(`${Object.keys(storedOldest.answers).length} answers carried over`);
    expect(outcome.chained.links).toContain(prompt('approved-tool-register'));
    expect([...outcome.chained.links].sort()).toEqual(unanswered(storedOldest.answers).sort());
  });
});
