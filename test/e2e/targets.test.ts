/**
 * Targets (issue 19) in real Chromium: an owner sets a target level per domain, overall and
 * by a date (an empty date is refused before anything is sent), then changes one; the
 * history shows both revisions, the newer saying what it changed. A second browser, a leader
 * of the organisation, saves meanwhile, so the first one's stale save is refused and shown
 * beside the newer targets, which it can load. The results page of a submitted assessment
 * gets a "Target" column and a target line on the overall card. The targets page (the header's Programme link opens it) passes axe
 * and does not scroll sideways at 1280 and 375 px.
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../support/answering';
import { check, DESKTOP, PHONE, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { fromPage, newPerson, registerOrganisationInUi, servedWebApp, signIn, signUp } from './web-platform';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Titled {
  id: string;
  title: string;
}

describe('targets in the web app', () => {
  const platform = servedWebApp();

  it('sets and changes targets with their history, refuses a stale save with the newer targets, and shows the gap on the results', {
    timeout: 180_000,
  }, async () => {
    const { url } = platform();
    const q = await latestQuestionnaire(url);
    check(q.domains.length >= 3, 'the questionnaire has at least three domains');
    // The served questionnaire's domains carry their titles (the type the tests share names only what answering needs).
    const [d1, d2, d3] = q.domains as unknown as [Titled, Titled, Titled];
    const owner = newPerson('Tara Target', 'owner');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'targets');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Target Practice Ltd');

      // A submitted assessment, for the results page later.
      const created = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      const saved = await fromPage(page, 'PATCH', `/v1/assessments/${created.body.id}/answers`, { revision: 0, answers: completeAnswers(q, () => 2) });
      const submitted = await fromPage(page, 'POST', `/v1/assessments/${created.body.id}/submit`);
      check(submitted.status === 200, `submitted (${created.status}, ${saved.status}, ${submitted.status})`);

      // Its results before any target is set: no Target column, no target line.
      await page.goto(`${url}/#/assessments/${created.body.id}`);
      await page.getByRole('heading', { name: "What each domain's level means, and how to reach the next", level: 2 }).waitFor();
      const withoutTargets = {
        header: (await page.locator('table.domain-scores thead th').allInnerTexts()).map((t) => t.trim()),
        overallTarget: await page.getByTestId('overall-target').count(),
      };

      // The Targets page, from the header: nothing set yet.
      const nav = page.getByRole('navigation', { name: 'Main' });
      const navLinks = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
      await nav.getByRole('link', { name: 'Programme' }).click();
      await page.getByRole('heading', { name: 'Targets', level: 1 }).waitFor();
      const form = page.locator('form.targets-form');
      await form.getByLabel(d1.title, { exact: true }).waitFor();
      const options = (await form.getByLabel(d1.title, { exact: true }).locator('option').allInnerTexts()).map((t) => t.trim());
      const historyRegion = page.getByRole('region', { name: 'History' });
      await historyRegion.locator('[aria-busy]').waitFor({ state: 'detached' });
      const emptyHistory = squash(await historyRegion.innerText());

      // An empty date is refused before anything is sent.
      await form.getByLabel(d1.title, { exact: true }).selectOption({ label: '4 Managed' });
      await form.getByLabel(d2.title, { exact: true }).selectOption({ label: '1 Ad hoc' });
      await form.getByLabel(/^Overall target/).selectOption({ label: '3 Defined' });
      await form.getByRole('button', { name: 'Save targets' }).click();
      const dateError = squash(await form.locator('.field-error').innerText());
      const focusedAfterError = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type ?? '');
      const notSent = await fromPage(page, 'GET', `/v1/targets/${q.id}`);

      // The first revision.
      await form.getByLabel('Target date').fill('2027-06-30');
      await form.getByLabel(/^Note/).fill('Agreed at the Q3 board review');
      await form.getByRole('button', { name: 'Save targets' }).click();
      const status = page.getByTestId('targets-status');
      await status.filter({ hasText: 'revision 1' }).waitFor();
      const firstStatus = squash(await status.innerText());

      // The second: one domain moves up.
      await form.getByLabel(d1.title, { exact: true }).selectOption({ label: '5 Adaptive' });
      await form.getByRole('button', { name: 'Save targets' }).click();
      await status.filter({ hasText: 'revision 2' }).waitFor();
      const revisions = page.getByTestId('target-revision');
      await revisions.nth(1).waitFor();
      const history = (await revisions.allInnerTexts()).map(squash);
      await s.capture('targets-1280');
      await page.setViewportSize(PHONE);
      await page.getByRole('heading', { name: 'Targets', level: 1 }).waitFor();
      await s.capture('targets-375');
      await page.setViewportSize(DESKTOP);

      // A second browser, a leader of the organisation: saves a third revision while this page still shows the second.
      const leaderKey = await fromPage(page, 'POST', '/v1/tokens', { role: 'leader', label: 'Lee Leader' });
      check(leaderKey.status === 201, `a leader's key (${leaderKey.status})`);
      const elsewhere = await withBrowser(async (other) => {
        const c = await Session.open(other, 'targets/leader');
        await signIn(c.page, platform(), leaderKey.body.token.secret as string);
        await c.page.goto(`${url}/#/targets`);
        const theirForm = c.page.locator('form.targets-form');
        await theirForm.getByLabel(d3.title, { exact: true }).selectOption({ label: '3 Defined' });
        await theirForm.getByRole('button', { name: 'Save targets' }).click();
        await c.page.getByTestId('targets-status').filter({ hasText: 'revision 3' }).waitFor();
        return c;
      }, DESKTOP);
      for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) s[field].push(...(elsewhere[field] as never[]));

      // The stale save: refused, and the newer targets shown beside ours, in words.
      await form.getByLabel(d2.title, { exact: true }).selectOption({ label: '2 Emerging' });
      await form.getByRole('button', { name: 'Save targets' }).click();
      const conflictPanel = page.getByTestId('targets-conflict');
      await conflictPanel.waitFor();
      const conflict = {
        text: squash(await conflictPanel.innerText()),
        theirs: squash(await page.getByTestId('conflict-theirs').innerText()),
        mine: squash(await page.getByTestId('conflict-mine').innerText()),
        role: await conflictPanel.getAttribute('role'),
      };
      await s.capture('targets-conflict');
      const storedAfterConflict = await fromPage(page, 'GET', `/v1/targets/${q.id}`);
      await conflictPanel.getByRole('button', { name: 'Load their targets' }).click();
      await status.filter({ hasText: 'Loaded revision 3' }).waitFor();
      const loaded = {
        d2: await form.getByLabel(d2.title, { exact: true }).inputValue(),
        d3: await form.getByLabel(d3.title, { exact: true }).inputValue(),
      };
      // From their revision, the change saves.
      await form.getByLabel(d2.title, { exact: true }).selectOption({ label: '2 Emerging' });
      await form.getByRole('button', { name: 'Save targets' }).click();
      await status.filter({ hasText: 'revision 4' }).waitFor();
      await revisions.nth(3).waitFor();
      const newest = squash(await revisions.first().innerText());

      // A respondent reads the targets, and is offered no change.
      const respondentKey = await fromPage(page, 'POST', '/v1/tokens', { role: 'respondent', label: 'Rae Respondent' });
      check(respondentKey.status === 201, `a respondent's key (${respondentKey.status})`);
      const respondent = await withBrowser(async (other) => {
        const c = await Session.open(other, 'targets/respondent');
        await signIn(c.page, platform(), respondentKey.body.token.secret as string);
        await c.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programme' }).click();
        await c.page.getByRole('heading', { name: 'Current targets', level: 2 }).waitFor();
        const view = {
          current: squash(await c.page.getByTestId('targets-current').innerText()),
          list: squash(await c.page.locator('.target-list').innerText()),
          forms: await c.page.locator('form').count(),
          selects: await c.page.locator('main select').count(),
        };
        await c.page.getByTestId('target-revision').nth(3).waitFor();
        await c.capture('targets-respondent-375');
        return { c, view };
      }, PHONE);
      for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) s[field].push(...(respondent.c[field] as never[]));

      // The results of the submitted assessment: a Target column and the overall target.
      const report = await fromPage(page, 'GET', `/v1/assessments/${created.body.id}/report.json`);
      await page.goto(`${url}/#/assessments/${created.body.id}`);
      const table = page.locator('table.domain-scores');
      await table.getByRole('columnheader', { name: 'Target' }).waitFor();
      const header = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
      const cells = (await table.getByTestId('target-cell').allInnerTexts()).map((t) => t.trim());
      const overallTarget = squash(await page.getByTestId('overall-target').innerText());
      const targetsLink = await page.getByTestId('overall-target').getByRole('link').getAttribute('href');
      await s.capture('results-targets-1280');

      return {
        s,
        withoutTargets,
        navLinks,
        options,
        emptyHistory,
        dateError,
        focusedAfterError,
        notSent: notSent.status,
        firstStatus,
        history,
        conflict,
        storedAfterConflict: storedAfterConflict.body as { revision: number; domains: Record<string, number> },
        loaded,
        newest,
        respondent: respondent.view,
        report: report.body as { domains: { id: string; level: number }[]; targets: unknown },
        header,
        cells,
        overallTarget,
        targetsLink,
      };
    }, DESKTOP);

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages).toEqual(
      expect.arrayContaining(['targets-1280', 'targets-375', 'targets-conflict', 'targets-respondent-375', 'results-targets-1280']),
    );
    expect(out.withoutTargets).toEqual({ header: ['Domain', 'Score', 'Level'], overallTarget: 0 });
    // The header link sits after Assessments; the selects offer no target or a named level.
    expect(out.navLinks.slice(0, 2)).toEqual(['Assessments', 'Programme']);
    expect(out.options).toEqual(['No target', '1 Ad hoc', '2 Emerging', '3 Defined', '4 Managed', '5 Adaptive']);
    expect(out.emptyHistory).toMatch(/No targets have been set yet/);
    // No date: said at the field, focused, and nothing sent.
    expect(out.dateError).toBe('Enter the date the targets are to be met by.');
    expect(out.focusedAfterError).toBe('date');
    expect(out.notSent).toBe(404);
    expect(out.firstStatus).toBe(`Targets saved: revision 1, ${d1.title} 4, ${d2.title} 1; overall 3; by 30 Jun 2027.`);
    // Both revisions, newest first, the newer naming what it changed; the first keeps the earlier target.
    expect(out.history).toHaveLength(2);
    expect(out.history[0]).toMatch(new RegExp(`^Revision 2 · Tara Target \\(owner\\) · .+ ${escapeRegExp(d1.title)}: 4 → 5$`));
    expect(out.history[1]).toMatch(
      new RegExp(
        `^Revision 1 · Tara Target \\(owner\\) · .+ ${escapeRegExp(d1.title)}: 4 ${escapeRegExp(d2.title)}: 1 Overall: 3 Target date: 30 Jun 2027 Note added Note: Agreed at the Q3 board review$`,
      ),
    );
    // The stale save: refused (nothing overwritten), who changed what, and theirs loaded on request.
    expect(out.conflict.role).toBe('alert');
    expect(out.conflict.text).toMatch(
      /^Lee Leader \(leader\) changed the targets at .+ \(revision 3\) while you were editing them\. Your changes are not saved yet\./,
    );
    expect(out.conflict.theirs).toBe(`${d1.title} 5, ${d2.title} 1, ${d3.title} 3; overall 3; by 30 Jun 2027`);
    expect(out.conflict.mine).toBe(`${d1.title} 5, ${d2.title} 2; overall 3; by 30 Jun 2027`);
    expect(out.storedAfterConflict).toMatchObject({ revision: 3, domains: { [d1.id]: 5, [d2.id]: 1, [d3.id]: 3 } });
    expect(out.loaded).toEqual({ d2: '1', d3: '3' });
    expect(out.respondent.current).toMatch(/^Revision 4, set by Tara Target \(owner\) on .+\. To be met by 30 Jun 2027\.$/);
    expect(out.respondent.list).toBe(
      `${d1.title} 5 Adaptive ${d2.title} 2 Emerging ${d3.title} 3 Defined ${q.domains
        .slice(3)
        .map((d) => `${(d as unknown as Titled).title} No target`)
        .join(' ')} Overall 3 Defined`,
    );
    expect(out.respondent).toMatchObject({ forms: 0, selects: 0 });
    expect(out.newest).toMatch(new RegExp(`^Revision 4 · .+ ${escapeRegExp(d2.title)}: 1 → 2$`));
    // Results: the Target column says the gap per domain, and the overall card the overall target.
    expect(out.report.targets).not.toBeNull();
    expect(out.header).toEqual(['Domain', 'Score', 'Level', 'Target']);
    const scores = out.report.domains;
    const gap = (id: string, target: number) => {
      const level = scores.find((d) => d.id === id)?.level ?? 0;
      return level >= target ? 'Met' : `${target}, ${target - level} ${target - level === 1 ? 'level' : 'levels'} to go`;
    };
    expect(out.cells.slice(0, 3)).toEqual([gap(d1.id, 5), gap(d2.id, 2), gap(d3.id, 3)]);
    expect(out.cells.slice(3).every((c) => c === 'No target')).toBe(true);
    expect(out.overallTarget).toMatch(/^Target: level 3 by 30 Jun 2027 \((met|\d levels? to go)\)\. See the targets$/);
    expect(out.targetsLink).toBe('#/targets');
  });
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
