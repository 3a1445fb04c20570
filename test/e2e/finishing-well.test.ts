/**
 * A questionnaire that finishes well (issue 18, item 8), in Chromium at 375 × 740: the start
 * page says how long it takes; the first question is in the first viewport; submitting is
 * not offered until every required answer is in, and the page says why; progress never goes
 * back when a follow-up appears; "not applicable" without a reason is reported as not saved;
 * a review page lists the answers before the final submit, which asks for confirmation.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { allQuestions, completeAnswers } from '../support/answering';
import { check, Session, waitSaved, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { servedWebApp, signIn } from './web-platform';

const PARENT = 'agents-act-for-users';
const FOLLOW_UP = 'delegation-visibility';
const SMALL = { width: 375, height: 740 };
const REASON = 'We run no servers of this kind.';

describe('finishing an assessment in the browser', () => {
  const platform = servedWebApp();

  it('explains what is left, keeps progress steady, reports unsaved reasons, and reviews before a confirmed submit', { timeout: 120_000 }, async () => {
    const url = platform().url;
    const api = apiClient(url);
    const registered = await api.post('/v1/organisations', { name: 'Finishing Well Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const q = await latestQuestionnaire(url);
    const questions = allQuestions(q);
    const asked = questions.filter((x) => !x.showIf).length;
    const parent = questions.find((x) => x.id === PARENT) as { options: { id: string; label: string }[] };
    const na = questions.find((x) => x.allowNotApplicable && !x.showIf)!;
    const naDomain = q.domains.find((d) => d.questions.some((x) => x.id === na.id))!;
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, owner);
    const assessmentId = created.body.id as string;
    const stored = async () => (await api.get(`/v1/assessments/${assessmentId}`, owner)).body;

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'finishing-well');
      const { page } = s;
      const status = page.getByTestId('save-status');

      // The start page: how many questions and how long.
      await page.goto(url);
      const estimate = (await page.getByTestId('estimate').innerText()).trim();
      await s.capture('start-estimate');

      await signIn(page, platform(), owner);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      // Home's start card says the same before a new assessment is started.
      const estimateAtHome = (await page.locator('section.card').getByTestId('estimate').innerText()).trim();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      await page.locator('#domain-title').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      const legend = await page
        .locator('legend')
        .first()
        .evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, height: window.innerHeight }));
      await s.capture('empty-narrow');
      const estimateInForm = (await page.getByTestId('estimate').innerText()).trim();

      // Nothing answered: no submit, and a reason with a way forward.
      const submitState = (await page.getByTestId('submit-state').innerText()).trim();
      const submitControls = await page
        .getByRole('button', { name: 'Submit assessment' })
        .or(page.getByRole('link', { name: 'Review and submit' }))
        .count();
      await page.getByTestId('submit-state').getByRole('link', { name: 'go to the first' }).click();
      await page.waitForFunction(() => !!document.activeElement?.closest('.question'));

      // A follow-up appears: the shown percentage does not drop.
      const progress = async () =>
        page.locator('#progress-overall').evaluate((el) => {
          const p = el as HTMLProgressElement;
          return { value: p.value, max: p.max, label: document.querySelector('.progress-label')?.textContent?.trim() ?? '' };
        });
      const parentBox = page.locator(`[id="q-${PARENT}"]`);
      const firstOther = page
        .locator('.question')
        .filter({ hasNot: page.locator(`[id="q-${PARENT}"]`) })
        .first();
      await firstOther.locator('input[type="radio"], input[type="checkbox"]').first().check();
      await waitSaved(page);
      const beforeFollowUp = await progress();
      await parentBox.getByLabel(parent.options.find((o) => o.id === 'yes')!.label, { exact: true }).check();
      await page.locator(`[id="q-${FOLLOW_UP}"]`).waitFor();
      await waitSaved(page);
      const afterFollowUp = await progress();

      // "Not applicable" without a reason is not saved, and the status says so.
      await page.goto(`${url}/#/assessments/${assessmentId}/${naDomain.id}/${na.id}`);
      const naBox = page.locator(`[id="q-${na.id}"]`);
      await naBox.getByLabel('Not applicable to us').check();
      await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.getAttribute('data-state') === 'invalid');
      const invalidText = (await status.innerText()).trim();
      await s.capture('reason-missing', { axe: true });
      await status.getByRole('link').click();
      const focusedReason = await page.evaluate(() => document.activeElement?.id ?? '');
      await page.keyboard.type(REASON);
      await waitSaved(page);

      // Everything else answered (through the API), then reloaded: now submit is offered.
      const current = await stored();
      const answers = { ...completeAnswers(q, (levels) => levels - 1), [na.id]: { notApplicable: true, reason: REASON } };
      const saved = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: current.revision, answers }, owner);
      check(saved.status === 200, `answers saved (${saved.status})`);
      await page.reload();
      await page.getByRole('link', { name: 'Review and submit' }).click();
      await page.getByRole('heading', { name: 'Review your answers', level: 1 }).waitFor();
      await page.getByTestId('review-summary').waitFor();
      const reviewHash = new URL(page.url()).hash;
      const reviewText = await page.locator('main').innerText();
      const reviewLinks = await page.locator('main a[href*="/assessments/"]').count();
      const statusAtReview = (await stored()).status;
      await s.capture('review');

      // The final submit asks first, then submits.
      await page.getByRole('button', { name: 'Submit assessment' }).click();
      const confirm = page.getByRole('region', { name: 'Submit this assessment?' });
      await confirm.waitFor();
      const confirmText = await confirm.innerText();
      await s.capture('confirm');
      await confirm.getByRole('button', { name: 'Confirm and submit' }).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      return {
        s,
        estimate,
        estimateAtHome,
        legend,
        estimateInForm,
        submitState,
        submitControls,
        beforeFollowUp,
        afterFollowUp,
        invalidText,
        focusedReason,
        reviewHash,
        reviewText,
        reviewLinks,
        statusAtReview,
        confirmText,
        statusAfter: (await stored()).status,
      };
    }, SMALL);

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.estimate).toContain(`${asked} questions`);
    expect(outcome.estimate).toMatch(/about \d+ minutes/);
    expect(outcome.estimateAtHome).toBe(outcome.estimate);
    expect(outcome.estimateInForm).toBe(outcome.estimate.slice(0, outcome.estimateInForm.length));
    expect(outcome.legend.bottom).toBeLessThanOrEqual(outcome.legend.height);
    expect(outcome.submitControls).toBe(0);
    expect(outcome.submitState).toMatch(new RegExp(`^${asked} required answers left`));
    expect(outcome.afterFollowUp.max).toBe(outcome.beforeFollowUp.max);
    expect(outcome.afterFollowUp.value / outcome.afterFollowUp.max).toBeGreaterThanOrEqual(outcome.beforeFollowUp.value / outcome.beforeFollowUp.max);
    expect(outcome.afterFollowUp.label).toMatch(/follow-up/);
    expect(outcome.invalidText).toContain('Not saved: give a reason for not applicable');
    expect(outcome.focusedReason).toBe(`q-${na.id}-reason`);
    expect(outcome.reviewHash).toMatch(/\/review$/);
    expect(outcome.statusAtReview).toBe('draft');
    expect(outcome.reviewText).toContain(REASON);
    for (const d of q.domains as unknown as { title: string }[]) expect(outcome.reviewText).toContain(d.title);
    expect(outcome.reviewLinks).toBeGreaterThanOrEqual(asked);
    expect(outcome.confirmText).toMatch(/read-only/);
    expect(outcome.statusAfter).toBe('submitted');
  });
});
