/**
 * Visual regression of the key pages (issue 18), in Chromium at 375 and 1280 pixels wide:
 * the welcome page, registering an organisation, home, a questionnaire page, the review,
 * the results, access, the audit trail, an invitation, the analysts' comparison and the
 * admins' verification queue. Each page is compared with its committed baseline within a
 * tolerance (visual-baseline.ts), and also screenshotted whole, checked for sideways
 * scrolling and run through axe
 * (Session.capture). The data is the same in every run: fixed names, fixed answers, and the
 * reference population, which is deterministic; what still changes (dates, ids) is masked.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { answerFor, completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { DESKTOP, PHONE, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { matchesBaseline } from './visual-baseline';
import { fromPage, type Person, registerOrganisationInUi, servedWebApp, signIn, signInAs, signOut, signUp } from './web-platform';

const OWNER: Person = { name: 'Vera Visual', email: 'vera.visual@example.test', password: 'correct horse visual battery' };
const ORGANISATION = 'Lighthouse Robotics Ltd';

interface Prepared {
  draftId: string;
  submittedId: string;
  inviteLink: string;
  analystKey: string;
}

describe('the key pages look as they did', () => {
  const served = servedWebApp();
  let q: ServedQuestionnaire;
  let prepared: Prepared;

  // The owner signs up and registers through the pages, then (through the page's session)
  // submits one assessment with fixed answers, starts a second and invites a colleague.
  beforeAll(async () => {
    const platform = served();
    q = await latestQuestionnaire(platform.url);
    prepared = await withBrowser(async (context) => {
      const page = context.pages()[0] ?? (await context.newPage());
      await signUp(page, platform.url, OWNER);
      await registerOrganisationInUi(page, ORGANISATION);
      const first = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      const answers = completeAnswers(q, (levels) => Math.min(2, levels - 1));
      const saved = await fromPage(page, 'PATCH', `/v1/assessments/${first.body.id}/answers`, { revision: 0, answers });
      expect(saved.status).toBe(200);
      expect((await fromPage(page, 'POST', `/v1/assessments/${first.body.id}/submit`)).status).toBe(200);
      const draft = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      const firstQuestion = q.domains[0]!.questions[0]!;
      const started = await fromPage(page, 'PATCH', `/v1/assessments/${draft.body.id}/answers`, {
        revision: 0,
        answers: { [firstQuestion.id]: answerFor(firstQuestion, () => 3) },
      });
      expect(started.status).toBe(200);
      const invitation = await fromPage(page, 'POST', '/v1/invitations', { label: 'Ivy Invitee', role: 'leader' });
      expect(invitation.status).toBe(201);
      const inviteLink = `${platform.url}/#/join/${encodeURIComponent(invitation.body.code)}`;
      await signOut(page, platform.url);
      return { draftId: draft.body.id, submittedId: first.body.id, inviteLink, analystKey: '' };
    });
    const minted = await apiClient(platform.url).post(
      '/v1/tokens',
      { role: 'analyst', actorType: 'agent', label: 'Ana Lyst', expiresInDays: 30 },
      platform.adminKey,
    );
    expect(minted.status).toBe(201);
    prepared.analystKey = minted.body.token.secret;
  }, 180_000);

  for (const [width, viewport] of [
    ['375', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`at ${width} px wide`, { timeout: 240_000 }, async () => {
      const platform = served();
      const { url } = platform;
      const differences: string[] = [];
      const outcome = await withBrowser(async (context) => {
        const s = await Session.open(context, `visual-${width}`);
        const { page } = s;
        /** Waits for the page, compares its viewport (at `at` when given), then captures it whole (sideways scroll, axe). */
        const check = async (name: string, ready: (p: Page) => Promise<unknown>, at?: Locator) => {
          await ready(page);
          const difference = await matchesBaseline(page, `${name}-${width}`, at);
          if (difference) differences.push(difference);
          await s.capture(name);
        };

        await page.goto(url);
        await check('welcome', (p) => p.getByTestId('estimate').waitFor());

        await signInAs(page, url, OWNER);
        await check('home', (p) => p.locator('.assessment-list li').nth(1).waitFor());
        await page.goto(`${url}/#/assessments/${prepared.draftId}`);
        await check('questionnaire', (p) => p.getByTestId('save-status').waitFor());
        await page.goto(`${url}/#/assessments/${prepared.draftId}/review`);
        await check('review', (p) => p.getByRole('link', { name: 'Back to the questions' }).first().waitFor());
        await page.goto(`${url}/#/assessments/${prepared.submittedId}`);
        await check('results', async (p) => {
          await p.getByTestId('start-here').locator('ol.top-actions > li').nth(2).waitFor();
          await p.getByTestId('cohort-summary').or(p.getByTestId('cohort-suppressed')).first().waitFor();
        });
        await check('results-domains', (p) => p.locator('details.domain-explanation').first().waitFor(), page.locator('details.domain-explanation').first());
        await page.goto(`${url}/#/access`);
        await check('access', (p) => p.getByRole('radio', { name: 'Public key' }).waitFor());
        await page.goto(`${url}/#/audit`);
        await check('audit', (p) => p.locator('table.audit tbody tr').first().waitFor());

        await signOut(page, url);
        await page.goto(prepared.inviteLink);
        await check('join', (p) => p.getByRole('link', { name: 'Create an account to accept' }).waitFor());

        await signIn(page, platform, prepared.analystKey);
        await page.getByRole('heading', { name: 'Compare cohorts' }).waitFor();
        await page.getByRole('group', { name: 'Cohort A' }).getByLabel('Population').selectOption('reference');
        await page.getByRole('button', { name: 'Compare', exact: true }).click();
        await check('cohorts', (p) => p.getByRole('table', { name: 'Cohorts and their overall scores' }).waitFor());
        await check('cohorts-compared', (p) => p.locator('.domain-charts .band-chart').first().waitFor(), page.getByTestId('comparison'));

        await signIn(page, platform, platform.adminKey);
        await page.goto(`${url}/#/verification`);
        await check('verification', (p) => p.getByRole('table').first().waitFor());
        return s;
      }, viewport);

      expect(outcome.pageErrors).toEqual([]);
      expect(outcome.axeFindings).toEqual([]);
      expect(outcome.axePages).toEqual([
        'welcome',
        'home',
        'questionnaire',
        'review',
        'results',
        'results-domains',
        'access',
        'audit',
        'join',
        'cohorts',
        'cohorts-compared',
        'verification',
      ]);
      expect(differences).toEqual([]);
    });
  }
});
