/**
 * Two people answering the same assessment: a colleague (another key, through the API)
 * changes the question the browser user is changing. The browser shows whose change it
 * was and lets the user keep their own answer or take the colleague's; either way the
 * stored answer is the one chosen.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { check, Session, waitSaved, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { servedWebApp, signIn } from './web-platform';

describe('a conflict between colleagues in the browser', () => {
  const platform = servedWebApp();

  it('shows whose change it was and keeps mine or takes theirs', { timeout: 90_000 }, async () => {
    const url = platform().url;
    const api = apiClient(url);
    const registered = await api.post('/v1/organisations', { name: 'Colleagues Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const colleague = (await api.post('/v1/tokens', { role: 'respondent', label: 'Survey sync script' }, owner)).body.token.secret as string;
    const q = await latestQuestionnaire(url);
    const question = q.domains[0]!.questions.find((x) => x.type === 'single' && !x.showIf)!;
    const options = (question as { options: { id: string; label: string }[] }).options;
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, owner);
    const assessmentId = created.body.id as string;

    /** The colleague saves through the API on the latest revision, as a second browser would. */
    const colleagueSaves = async (optionIndex: number) => {
      const current = await api.get(`/v1/assessments/${assessmentId}`, colleague);
      const saved = await api.patch(
        `/v1/assessments/${assessmentId}/answers`,
        { revision: current.body.revision, answers: { [question.id]: { value: options[optionIndex]!.id } } },
        colleague,
      );
      check(saved.status === 200, `the colleague's save lands (${saved.status})`);
    };
    const stored = async () => (await api.get(`/v1/assessments/${assessmentId}`, owner)).body.answers[question.id];

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'collaboration');
      const { page } = s;
      await signIn(page, platform(), owner);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      const box = page.locator(`[id="q-${question.id}"]`);
      await box.getByLabel(options[0]!.label, { exact: true }).check();
      await waitSaved(page);

      // Round 1: the colleague changes it, I change it again: keep mine.
      await colleagueSaves(1);
      await box.getByLabel(options[2]!.label, { exact: true }).check();
      const panel = box.getByRole('group').filter({ hasText: 'changed this answer' });
      await panel.waitFor();
      const who = (await panel.locator('.conflict-title').innerText()).trim();
      const theirs = (await panel.getByTestId('conflict-theirs').innerText()).trim();
      const mine = (await panel.getByTestId('conflict-mine').innerText()).trim();
      await s.capture('conflict');
      await panel.getByRole('button', { name: 'Keep mine' }).click();
      await waitSaved(page);
      const afterKeep = await stored();

      // Round 2: again, but take theirs, and reload while the page still reads the assessment again after the
      // conflict (held back here for a second): the answer I gave up must not come back from the saved drafts.
      await colleagueSaves(3);
      const assessmentRead = `${url}/v1/assessments/${assessmentId}`;
      await page.route(assessmentRead, async (route) => {
        if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 1000));
        // The reload below cancels a read still held back here, and continuing a cancelled request throws.
        await route.continue().catch(() => undefined);
      });
      await box.getByLabel(options[4]!.label, { exact: true }).check();
      await panel.waitFor();
      await panel.getByRole('button', { name: 'Take theirs' }).click();
      await panel.waitFor({ state: 'detached' });
      const shownChecked = await box.locator('input[type="radio"]:checked').getAttribute('value');
      await page.reload();
      await page.unroute(assessmentRead);
      await box.waitFor();
      const afterReload = await box.locator('input[type="radio"]:checked').getAttribute('value');
      await s.capture('after-take-theirs');
      return { s, who, theirs, mine, afterKeep, afterTake: await stored(), shownChecked, afterReload };
    });

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    // Keys are never a person's: the conflict names the script as an agent.
    expect(outcome.who).toMatch(/^Survey sync script \(respondent, an agent\) changed this answer/);
    expect(outcome.theirs).toBe(options[1]!.label);
    expect(outcome.mine).toBe(options[2]!.label);
    expect(outcome.afterKeep.value).toBe(options[2]!.id);
    expect(outcome.afterKeep.updatedBy.label).not.toBe('Survey sync script');
    expect(outcome.afterTake.value).toBe(options[3]!.id);
    expect(outcome.afterTake.updatedBy.label).toBe('Survey sync script');
    expect(outcome.shownChecked).toBe(options[3]!.id);
    expect(outcome.afterReload).toBe(options[3]!.id);
  });
});
