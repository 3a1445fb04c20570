/**
 * A follow-up question in the browser (issue 13, finding 6): answering "No" to the question
 * it follows up hides it, and its answer goes with it, even one still waiting to be sent.
 * The page says which answer was removed, the save does not fail, and the server holds no
 * answer to the hidden question.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { Session, waitSaved, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { servedWebApp, signIn } from './web-platform';

const PARENT = 'agents-act-for-users';
const FOLLOW_UP = 'delegation-visibility';

describe('a follow-up question hidden by a change in the browser', () => {
  const platform = servedWebApp();

  it('removes its answer, says so, and saves without a refusal', { timeout: 90_000 }, async () => {
    const url = platform().url;
    const api = apiClient(url);
    const registered = await api.post('/v1/organisations', { name: 'Follow-ups Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const q = await latestQuestionnaire(url);
    const questions = q.domains.flatMap((d) => d.questions);
    const parent = questions.find((x) => x.id === PARENT) as { options: { id: string; label: string }[] };
    const followUp = questions.find((x) => x.id === FOLLOW_UP) as { prompt: string; options: { id: string; label: string }[] };
    const label = (question: { options: { id: string; label: string }[] }, id: string) => question.options.find((o) => o.id === id)!.label;
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, owner);
    const assessmentId = created.body.id as string;
    const stored = async () => (await api.get(`/v1/assessments/${assessmentId}`, owner)).body.answers as Record<string, { value: unknown }>;

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'follow-ups');
      const { page } = s;
      await signIn(page, platform(), owner);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      const parentBox = page.locator(`[id="q-${PARENT}"]`);
      const followUpBox = page.locator(`[id="q-${FOLLOW_UP}"]`);

      // Saved first, then hidden: the server clears it with the change.
      await parentBox.getByLabel(label(parent, 'yes'), { exact: true }).check();
      await followUpBox.getByLabel(label(followUp, 'user-only'), { exact: true }).check();
      await waitSaved(page);
      const before = await stored();
      await parentBox.getByLabel(label(parent, 'no'), { exact: true }).check();
      await followUpBox.waitFor({ state: 'detached' });
      await waitSaved(page);
      const notice = (await page.getByTestId('no-longer-asked').innerText()).trim();
      const afterSaved = await stored();

      // Hidden while a comment on it is still being typed (sent after a pause): it never reaches the server.
      await parentBox.getByLabel(label(parent, 'yes'), { exact: true }).check();
      await followUpBox.getByLabel(label(followUp, 'both-in-token'), { exact: true }).check();
      await followUpBox.getByText('Comment and evidence').click();
      await followUpBox.getByLabel('Comment', { exact: true }).fill('Typed just before the change.');
      await parentBox.getByLabel(label(parent, 'no'), { exact: true }).check();
      await waitSaved(page);
      await s.capture('follow-up-removed');
      return { s, before, notice, afterSaved, afterPending: await stored(), problems: await page.locator('.notice-error').count() };
    });

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.before[FOLLOW_UP]?.value).toBe('user-only');
    expect(outcome.notice).toContain(followUp.prompt);
    expect(outcome.notice).toMatch(/no longer asked/);
    expect(outcome.afterSaved[PARENT]?.value).toBe('no');
    expect(outcome.afterSaved[FOLLOW_UP]).toBeUndefined();
    expect(outcome.afterPending[PARENT]?.value).toBe('no');
    expect(outcome.afterPending[FOLLOW_UP]).toBeUndefined();
    expect(outcome.problems).toBe(0);
  });
});
