/**
 * The improvement programme in real Chromium (issue 19), as three people run it: a leader
 * sets targets, makes the plan from the first submission and assigns two items to two
 * colleagues, and saves that submission as a milestone; one colleague marks her item done
 * (the other's item is not hers to change); the owner starts a new assessment from the
 * submitted answers, answers better and submits; the leader saves the new submission as a
 * second milestone and compares the two: the scores moved, answers changed, and the item
 * done in between is listed with its owner. Every page passes axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../support/answering';
import { check, DESKTOP, PHONE, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { fromPage, newPerson, personFor, registerOrganisationInUi, servedWebApp, signInAs, signUp } from './web-platform';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Titled {
  id: string;
  title: string;
}

/** Findings of another browser's session, kept with the main one's. */
function merge(into: Session, from: Session) {
  for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) into[field].push(...(from[field] as never[]));
}

/** Opens a programme page from the header's Programme link and the programme's own navigation. */
async function openProgrammePage(page: Page, link: 'Targets' | 'Plan' | 'Progress', heading: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programme' }).click();
  await page.getByRole('navigation', { name: 'Programme' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Assigns a plan item to a person with a due date, through the item's own form. */
async function assign(page: Page, title: string, owner: string, dueDate: string) {
  const card = page.getByTestId('plan-item').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await card.getByRole('button', { name: /^Edit/ }).click();
  await card.getByLabel('Owner', { exact: true }).selectOption({ label: `${owner} (respondent)` });
  await card.getByLabel(/^Due date/).fill(dueDate);
  await card.getByRole('button', { name: /^Save/ }).click();
  await card.getByTestId('plan-item-owner').filter({ hasText: owner }).waitFor();
}

/** Names a submission on the Progress page: the first one still without a milestone. */
async function saveMilestone(page: Page, name: string) {
  const unnamed = page.getByTestId('unnamed-submission').first();
  await unnamed.getByRole('button', { name: /^Save as milestone/ }).click();
  await unnamed.getByLabel('Milestone name').fill(name);
  await unnamed.getByRole('button', { name: 'Save milestone' }).click();
  await page.getByTestId('milestone').filter({ hasText: name }).waitFor();
}

describe('the improvement programme in the web app', () => {
  const platform = servedWebApp();

  it('targets, a plan assigned to colleagues, one item done, a better submission, and two milestones compared', { timeout: 300_000 }, async () => {
    const { url } = platform();
    const q = await latestQuestionnaire(url);
    const [d1] = q.domains as unknown as [Titled];
    const owner = newPerson('Olu Owner', 'owner');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'programme');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Programme Journey Ltd');

      // The first submission, with the lowest answers: many controls are recommended.
      const first = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      const answered = await fromPage(page, 'PATCH', `/v1/assessments/${first.body.id}/answers`, { revision: 0, answers: completeAnswers(q, () => 0) });
      const submitted = await fromPage(page, 'POST', `/v1/assessments/${first.body.id}/submit`);
      check(submitted.status === 200, `the first submission (${first.status}, ${answered.status}, ${submitted.status})`);

      // The colleagues: a leader and two respondents, each a person signing in at the provider.
      const keyFor = async (role: string, label: string) => {
        const minted = await fromPage(page, 'POST', '/v1/tokens', { role, label });
        check(minted.status === 201, `a ${role} key (${minted.status})`);
        return personFor(platform(), minted.body.token.secret as string);
      };
      const lee = await keyFor('leader', 'Lee Leader');
      const rae = await keyFor('respondent', 'Rae Respondent');
      const sam = await keyFor('respondent', 'Sam Respondent');

      // The leader: targets, the plan from the submission, two items assigned, the first milestone.
      const leader = await withBrowser(async (other) => {
        const c = await Session.open(other, 'programme/leader');
        await signInAs(c.page, url, lee);
        await openProgrammePage(c.page, 'Targets', 'Targets');
        const form = c.page.locator('form.targets-form');
        await form.getByLabel(d1.title, { exact: true }).selectOption({ label: '4 Managed' });
        await form.getByLabel(/^Overall target/).selectOption({ label: '3 Defined' });
        await form.getByLabel('Target date').fill('2027-06-30');
        await form.getByRole('button', { name: 'Save targets' }).click();
        await c.page.getByTestId('targets-status').filter({ hasText: 'revision 1' }).waitFor();

        await openProgrammePage(c.page, 'Plan', 'Improvement plan');
        await c.page.getByRole('button', { name: /^Create the plan from the submission of/ }).click();
        await c.page.getByTestId('plan-summary').waitFor();
        const titles = (await c.page.getByTestId('plan-item').locator('h3').allInnerTexts()).map(squash);
        check(titles.length >= 2, `the plan has at least two items (${titles.length})`);
        await assign(c.page, titles[0]!, rae.name, '2027-03-31');
        await assign(c.page, titles[1]!, sam.name, '2027-04-30');
        const summary = squash(await c.page.getByTestId('plan-summary').innerText());
        await c.capture('plan-assigned-1280');

        await openProgrammePage(c.page, 'Progress', 'Progress');
        await saveMilestone(c.page, 'Before the agent platform migration');
        await c.capture('progress-first-milestone-1280');
        return { c, titles, summary };
      }, DESKTOP);
      merge(s, leader.c);
      const [raeItem, samItem] = leader.titles as [string, string];

      // Rae, on her phone: her item is hers to update, Sam's is not.
      const colleague = await withBrowser(async (other) => {
        const c = await Session.open(other, 'programme/respondent');
        await signInAs(c.page, url, rae);
        await openProgrammePage(c.page, 'Plan', 'Improvement plan');
        const mine = c.page.getByTestId('plan-item').filter({ has: c.page.getByRole('heading', { name: raeItem, exact: true }) });
        const theirs = c.page.getByTestId('plan-item').filter({ has: c.page.getByRole('heading', { name: samItem, exact: true }) });
        await mine.waitFor();
        const buttonsOnTheirs = await theirs.getByRole('button').count();
        await mine.getByRole('button', { name: /^Update/ }).click();
        const fieldsOfMine = await mine.locator('select, input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLElement).id && e.tagName));
        await mine.getByLabel('Status', { exact: true }).selectOption({ label: 'Done' });
        await mine.getByLabel(/^Notes/).fill('Agent keys now rotate every 30 days');
        await mine.getByRole('button', { name: /^Save/ }).click();
        await mine.getByTestId('plan-item-status').filter({ hasText: 'Done' }).waitFor();
        const status = squash(await mine.getByTestId('plan-item-status').innerText());
        await c.capture('plan-own-item-375');
        return { c, buttonsOnTheirs, fieldsOfMine, status };
      }, PHONE);
      merge(s, colleague.c);

      // The owner starts a new assessment from the submitted answers, answers better and submits.
      await page.goto(`${url}/#/assessments/${first.body.id}`);
      await page.getByRole('button', { name: 'Start a new assessment from these answers' }).click();
      await page.waitForURL((u) => /#\/assessments\/[^/]+/.test(u.hash) && !u.hash.includes(first.body.id));
      const secondId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
      const draft = await fromPage(page, 'GET', `/v1/assessments/${secondId}`);
      const better = await fromPage(page, 'PATCH', `/v1/assessments/${secondId}/answers`, {
        revision: draft.body.revision,
        answers: completeAnswers(q, (levels) => levels - 1),
      });
      const second = await fromPage(page, 'POST', `/v1/assessments/${secondId}/submit`);
      check(second.status === 200, `the second submission (${draft.status}, ${better.status}, ${second.status})`);
      const planAfter = await fromPage(page, 'GET', `/v1/plans/${q.id}`);

      // The leader names the new submission and compares the two milestones.
      const comparing = await withBrowser(async (other) => {
        const c = await Session.open(other, 'programme/compare');
        await signInAs(c.page, url, lee);
        await openProgrammePage(c.page, 'Progress', 'Progress');
        await saveMilestone(c.page, 'Q3 board review');
        const totals = squash(await c.page.getByTestId('plan-totals').innerText());
        await c.capture('progress-two-milestones-1280');
        await c.page.getByRole('button', { name: 'Compare', exact: true }).click();
        const view = c.page.getByTestId('comparison');
        await view.waitFor();
        const comparison = {
          from: squash(await c.page.getByTestId('comparison-from').innerText()),
          to: squash(await c.page.getByTestId('comparison-to').innerText()),
          overall: squash(await c.page.getByTestId('comparison-overall').innerText()),
          changedAnswers: await c.page.getByTestId('changed-answer').count(),
          completed: (await c.page.getByTestId('completed-item').allInnerTexts()).map(squash),
        };
        await c.capture('comparison-1280');
        await c.page.setViewportSize(PHONE);
        await c.capture('comparison-375');
        return { c, totals, comparison };
      }, DESKTOP);
      merge(s, comparing.c);

      return { s, leader, colleague, secondId, planAfter, comparing, raeItem, samItem };
    }, DESKTOP);

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages).toEqual(
      expect.arrayContaining([
        'plan-assigned-1280',
        'progress-first-milestone-1280',
        'plan-own-item-375',
        'progress-two-milestones-1280',
        'comparison-1280',
        'comparison-375',
      ]),
    );
    // Two items assigned, both open until Rae's is done.
    expect(out.leader.summary).toMatch(/^\d+ open, 0 done, 0 achieved, 0 won't do\./);
    // Rae changes her own item's status and notes only; Sam's item offers her nothing to press.
    expect(out.colleague.buttonsOnTheirs).toBe(0);
    expect(out.colleague.fieldsOfMine).toEqual(['SELECT', 'TEXTAREA']);
    expect(out.colleague.status).toContain('Done');
    // The submit carried the plan forward by itself: the better answers no longer call for the controls.
    expect(out.planAfter.status).toBe(200);
    expect(out.planAfter.body.basedOn.assessmentId).toBe(out.secondId);
    const itemAfter = (title: string) => out.planAfter.body.items.find((i: { title: string }) => i.title === title);
    expect(itemAfter(out.raeItem)).toMatchObject({ owner: { name: 'Rae Respondent' }, notes: 'Agent keys now rotate every 30 days' });
    expect(itemAfter(out.samItem)).toMatchObject({ owner: { name: 'Sam Respondent' }, status: 'achieved', achievedIn: out.secondId });
    expect(out.comparing.totals).toMatch(/^The plan has \d+ items: \d+ closed/);
    // The comparison: the earlier milestone first, the score up, answers changed, Rae's item among those completed.
    const { comparison } = out.comparing;
    expect(comparison.from).toContain('Before the agent platform migration');
    expect(comparison.to).toContain('Q3 board review');
    expect(comparison.overall).toMatch(/\+\d/);
    expect(comparison.changedAnswers).toBeGreaterThan(0);
    expect(comparison.completed.find((line) => line.startsWith(out.raeItem))).toContain('owner: Rae Respondent');
    expect(comparison.completed.find((line) => line.startsWith(out.samItem))).toContain('owner: Sam Respondent');
  });
});
