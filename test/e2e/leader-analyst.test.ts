/**
 * Leaders and analysts in Chromium, against organisations seeded through the API: an
 * owner issues a key for a script and an invite link, a colleague opens it in another
 * browser, creates an account at the identity provider and joins (the owner then changes
 * their role and removes them, which ends their access), a leader reads
 * results against a cohort they pick, follows the trend, downloads the PDF and pages
 * through the audit trail; an analyst compares three cohorts (one of a level that is not
 * published), reads the trend by quarter and downloads the CSV.
 *
 * Peer figures come from the day's differentially private release (issue 14), made on
 * the first benchmark read, so everything is seeded and folded before any read. With
 * noise, the test checks what a reader sees (each figure with its 90% interval, the
 * release date, the reason for a cohort without figures), never the values themselves.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers } from '../support/answering';
import { check, DESKTOP, Session, withBrowser } from './browser';
import { foldEverything, latestQuestionnaire, RELEASE_TEST_ENV, seedOrganisations, type SeededOrganisation } from './seed';
import { newPerson, servedWebApp, signIn, signUpAtProvider } from './web-platform';

const COHORT = { sizeBand: '250-999', region: 'europe' };
/** A released score as the app prints it: "2.9 (2.6–3.2)". */
const SCORE = String.raw`\d\.\d \(\d\.\d–\d\.\d\)`;
/** A released count or percentile: "≈ 52 (47–57)". */
const COUNT = String.raw`≈ \d+ \(\d+–\d+\)`;
/** Today's release date as the app prints it ("2 Dec 2026"): releases are made once a day (UTC). */
const today = () => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

describe('leaders and analysts in the browser', () => {
  const served = servedWebApp({ AIM_K_ANONYMITY: '3', ...RELEASE_TEST_ENV });
  let seeded: SeededOrganisation[] = [];

  beforeAll(async () => {
    const platform = served();
    // Two industries of twenty: each shown in practically every release (RELEASE_TEST_ENV).
    const orgs = [
      ...Array.from({ length: 20 }, (_, i) => ({ name: `Tech ${i}`, industry: 'technology', ...COHORT })),
      ...Array.from({ length: 20 }, (_, i) => ({ name: `Finance ${i}`, industry: 'financial-services', ...COHORT })),
    ];
    seeded = await seedOrganisations(platform.url, platform.adminKey, orgs, (i) => i % 5);
    // The first organisation submits a second, better assessment: its trend has two points.
    const api = apiClient(platform.url);
    const first = seeded[0]!;
    const reopened = await api.post(`/v1/assessments/${first.assessmentId}/reopen`, {}, first.token);
    const q = await latestQuestionnaire(platform.url);
    await api.patch(
      `/v1/assessments/${reopened.body.id}/answers`,
      { revision: reopened.body.revision, answers: completeAnswers(q, (levels) => levels - 2) },
      first.token,
    );
    const submitted = await api.post(`/v1/assessments/${reopened.body.id}/submit`, {}, first.token);
    check(submitted.status === 200, `second submission (${submitted.status})`);
    first.assessmentId = reopened.body.id;
    // Every submission folded before the first read makes the day's release.
    await foldEverything(platform);
  });

  it('owner manages access, a colleague joins, a leader reads results and the audit trail, an analyst compares cohorts', { timeout: 150_000 }, async () => {
    const { url, adminKey } = served();
    const api = apiClient(url);
    const owner = seeded[0]!;
    const analystKey = (await api.post('/v1/tokens', { role: 'analyst', actorType: 'agent', label: 'Ana Lyst', expiresInDays: 30 }, adminKey)).body.token
      .secret as string;

    // The leader signs in as a person holding a leader key's role, minted by the owner through the API.
    const leaderKey = (await api.post('/v1/tokens', { role: 'leader', actorType: 'agent', label: 'Lee Leader' }, owner.token)).body.token.secret as string;

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'leader-analyst');
      const { page } = s;
      page.on('dialog', (d) => void d.accept());

      // Owner: issue an agent key for a script and revoke it, create an invite link.
      await signIn(page, served(), owner.token);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const mint = page
        .locator('section')
        .filter({ has: page.getByRole('heading', { name: 'Issue a key' }) })
        .last();
      await mint.getByLabel('Name').fill('Inventory sync agent');
      await mint.getByLabel('Role').selectOption('respondent');
      await mint.getByRole('button', { name: 'Issue key' }).click();
      await mint.getByTestId('issued-key').filter({ hasText: 'Inventory sync agent' }).waitFor();
      await s.capture('access-issued');
      await page.getByRole('button', { name: 'Revoke the key Inventory sync agent' }).click();
      await page.getByText('Revoked the key "Inventory sync agent".').waitFor();
      // An owner key for a script is a recorded exception: the form asks why, the list shows it.
      await mint.getByLabel('Name').fill('Member sync script');
      await mint.getByLabel('Role').selectOption('owner');
      // Owner keys are just in time: the form offers no other lifetime than an hour.
      check((await mint.getByLabel('Expires after').inputValue()) === '', 'an owner key takes no lifetime');
      await mint.getByLabel('Why does this script need the owner role?').fill('Keeps the member list in step with HR');
      await mint.getByRole('button', { name: 'Issue key' }).click();
      await page
        .getByRole('row', { name: /Member sync script/ })
        .getByText('Exception: Keeps the member list in step with HR')
        .waitFor();
      await page.getByRole('button', { name: 'Revoke the key Member sync script' }).click();
      await page.getByText('Revoked the key "Member sync script".').waitFor();
      const invite = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Invite someone' }) });
      await invite.getByLabel('Name').fill('Rita Respondent');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      const inviteLink = await invite.getByTestId('invite-link').getByLabel('Invite link').inputValue();
      await page.getByRole('row', { name: /Rita Respondent/ }).waitFor();
      await s.capture('access-invited');

      // A colleague opens the invite link in another browser, creates an account and accepts.
      const rita = newPerson('Rita Respondent', 'respondent');
      const joined = await withBrowser(async (other) => {
        const joining = await Session.open(other, 'leader-analyst/join');
        const joinPage = joining.page;
        await joinPage.goto(inviteLink);
        await joinPage.getByRole('link', { name: 'Create an account to accept' }).waitFor();
        await joining.capture('join');
        await joinPage.getByRole('link', { name: 'Create an account to accept' }).click();
        await signUpAtProvider(joinPage, rita);
        await joinPage.getByRole('button', { name: 'Accept invitation' }).click();
        await joinPage.getByRole('heading', { name: 'Your assessments' }).waitFor();
        await joining.capture('joined');
        const joinedNav = await joinPage.getByRole('navigation', { name: 'Main' }).innerText();
        const joinedSession = await joinPage.evaluate(async () => (await fetch('/auth/session')).json());
        const joinedStorage = await joinPage.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
        const listStatus = () => joinPage.evaluate(async () => (await fetch('/v1/assessments')).status);
        const listedBefore = await listStatus();

        // The owner sees the colleague among the organisation's people, makes them a leader,
        // then removes them (after confirming): each change is said, and the removal takes
        // their access at once.
        await page.reload();
        await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
        const people = page.locator('section').filter({ has: page.getByRole('heading', { name: 'People', level: 2 }) });
        const ritaRole = await people.getByLabel(`Role for ${rita.name}`).inputValue();
        await people.getByLabel(`Role for ${rita.name}`).selectOption('leader');
        await people
          .getByRole('status')
          .filter({ hasText: `${rita.name} is now a leader.` })
          .waitFor();
        const promoted = await joinPage.evaluate(async () => (await (await fetch('/auth/session')).json()).active?.role);
        await people.getByRole('button', { name: `Remove ${rita.name}` }).click();
        await people.getByRole('button', { name: 'Confirm removal' }).click();
        await people
          .getByRole('status')
          .filter({ hasText: `Removed ${rita.name} from the organisation.` })
          .waitFor();
        await people.getByLabel(`Role for ${rita.name}`).waitFor({ state: 'detached' });
        await s.capture('access-people');
        const listedAfterRemoval = await listStatus();
        return {
          joining,
          joinedNav,
          joinedRole: joinedSession.active?.role as string,
          joinedStorage,
          ritaRole,
          promoted: promoted as string,
          listedBefore,
          listedAfterRemoval,
        };
      });
      s.axeFindings.push(...joined.joining.axeFindings);
      s.axePages.push(...joined.joining.axePages);
      s.pageErrors.push(...joined.joining.pageErrors);
      const { joinedNav, joinedRole, joinedStorage, ritaRole, promoted, listedBefore, listedAfterRemoval } = joined;

      // Leader: results against a cohort they pick.
      await page.setViewportSize(DESKTOP);
      await signIn(page, served(), leaderKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      const leaderNav = await page.getByRole('navigation', { name: 'Main' }).innerText();
      await page.locator(`a[href$="${owner.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      await page.getByTestId('cohort-summary').waitFor();
      const ownCohort = await page.getByTestId('cohort-summary').innerText();
      const releaseNote = await page.getByTestId('release-note').innerText();
      const bandRows = await page.locator('.band-chart .band-row:not(.band-axis)').count();
      const firstBand = await page.locator('.band-chart svg[role="img"]').first().getAttribute('aria-label');
      const whiskers = await page.locator('.band-chart .whisker').count();
      const overallRow = await page.getByRole('table', { name: 'The same figures as a table' }).locator('tbody tr').first().innerText();
      const trendChart = await page.locator('.trend-chart svg[role="img"]').getAttribute('aria-label');
      await page.locator('ol.recommendations > li').first().waitFor();
      const recommendations = await page.locator('ol.recommendations > li').count();
      const trendRows = await page.locator('table').filter({ hasText: 'Scores by submission' }).locator('tbody tr').count();
      await s.capture('leader-results');
      await page.getByLabel('Region').selectOption('north-america');
      await page.getByRole('button', { name: 'Compare' }).click();
      // A kind of cohort no release publishes: the reference population stands in, labelled (docs/benchmarks.md).
      await page.getByTestId('reference-notice').waitFor();
      const suppressedText = await page.getByTestId('reference-notice').innerText();
      const suppressedChart = await page.getByTestId('cohort-suppressed').count();
      await s.capture('leader-results-suppressed');
      await page.getByLabel('Region').selectOption('');
      await page.getByLabel('Size').selectOption('');
      await page.getByLabel('Industry').selectOption('');
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByTestId('cohort-summary').filter({ hasText: 'All organisations' }).waitFor();
      const allCohort = await page.getByTestId('cohort-summary').innerText();
      await page.setViewportSize({ width: 375, height: 812 });
      await s.capture('leader-results-phone');
      const pdf = await downloaded(page, () => page.getByRole('button', { name: 'Download PDF report' }).click());

      // An agent starts an assessment through the API: the trail shows it as an agent.
      const bot = (await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'Assessment bot' }, owner.token)).body.token.secret as string;
      const botStart = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.1.0' }, bot);
      check(botStart.status === 201, `the agent starts an assessment (${botStart.status})`);

      // Leader: the audit trail, five a page.
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
      await page.getByLabel('Per page').selectOption('5');
      // The page's first load (25 a page) may still be on screen: wait for the answer to the five-a-page request.
      const fiveAPage = page.waitForResponse((r) => r.url().includes('/v1/audit?') && new URL(r.url()).searchParams.get('limit') === '5');
      await page.getByRole('button', { name: 'Show events' }).click();
      await fiveAPage;
      await page.getByRole('table').filter({ hasText: 'Events, page 1' }).waitFor();
      // The caption changes before the rows arrive: wait until the 25 rows of the first load are replaced.
      await page.waitForFunction(() => {
        const rows = document.querySelectorAll('table.audit tbody tr').length;
        return rows > 0 && rows <= 5;
      });
      const page1 = await page.locator('table.audit tbody tr').allInnerTexts();
      await s.capture('audit');
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByRole('table').filter({ hasText: 'Events, page 2' }).waitFor();
      await page.locator('table.audit tbody tr').first().waitFor();
      const page2 = await page.locator('table.audit tbody tr').allInnerTexts();
      await page.getByLabel('Made by').selectOption('agent');
      await page.getByRole('button', { name: 'Show events' }).click();
      await page.getByRole('table').filter({ hasText: 'Events, page 1' }).waitFor();
      // At least one row, all of them the agent's: an empty table (still loading) would pass `every` alone.
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('table.audit tbody tr')];
        return rows.length > 0 && rows.every((tr) => tr.textContent?.includes('an agent'));
      });
      const agentRows = await page.locator('table.audit tbody tr').allInnerTexts();
      await s.capture('audit-agents');

      // Analyst: three cohorts side by side, one suppressed; trend by quarter; CSV.
      await signIn(page, served(), analystKey);
      await page.getByRole('heading', { name: 'Compare cohorts' }).waitFor();
      await s.capture('analyst-empty');
      await page.getByRole('button', { name: 'Add a cohort' }).click();
      const pick = async (letter: string, industry: string) =>
        page
          .getByRole('group', { name: `Cohort ${letter}` })
          .getByLabel('Industry')
          .selectOption(industry);
      await pick('A', 'technology');
      await pick('B', 'financial-services');
      // Cohort C fixes a region only: a level the release does not publish.
      await page.getByRole('group', { name: 'Cohort C' }).getByLabel('Region').selectOption('europe');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      const summary = page.getByRole('table', { name: 'Cohorts and their overall scores' });
      await summary.waitFor();
      const summaryRows = await summary.locator('tbody tr').allInnerTexts();
      const comparisonNote = await page.getByTestId('comparison').getByTestId('release-note').innerText();
      const domainCharts = await page.locator('.domain-charts .band-chart').count();
      await page.getByTestId('trend').getByRole('table').waitFor();
      const trendQuarters = await page.getByTestId('trend').locator('tbody tr').allInnerTexts();
      await s.capture('analyst-compared');
      const csv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV', exact: true }).click());
      // Another questionnaire version: every request names it, and the notes say what its figures pool.
      const pooledNote = page.getByTestId('comparison').getByTestId('pooled-versions');
      const pooledLatest = await pooledNote.innerText();
      const trendNote = page.getByTestId('trend').getByTestId('pooled-versions');
      const trendPooledLatest = await trendNote.innerText();
      await page.getByLabel('Questionnaire version').selectOption('1.0.0');
      const [comparedOn, trendOn] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/benchmarks/compare'),
        page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/v1/benchmarks/trend'),
        page.getByRole('button', { name: 'Compare', exact: true }).click(),
      ]);
      const versionsAsked = [
        ...(comparedOn.request().postDataJSON() as { cohorts: { version?: string }[] }).cohorts.map((c) => c.version),
        new URL(trendOn.url()).searchParams.get('version'),
      ];
      // The responses have arrived; the notes render from them.
      await pooledNote.filter({ hasText: 'version 1.0.0' }).waitFor();
      await trendNote.filter({ hasText: 'version 1.0.0' }).waitFor();
      const pooled100 = await pooledNote.innerText();
      const trendPooled100 = await trendNote.innerText();
      await page.setViewportSize({ width: 375, height: 812 });
      await s.capture('analyst-phone');
      return {
        s,
        joinedNav,
        joinedRole,
        joinedStorage,
        ritaRole,
        promoted,
        listedBefore,
        listedAfterRemoval,
        leaderNav,
        ownCohort,
        releaseNote,
        bandRows,
        firstBand,
        whiskers,
        overallRow,
        trendChart,
        recommendations,
        trendRows,
        suppressedText,
        suppressedChart,
        allCohort,
        pdf,
        page1,
        page2,
        agentRows,
        summaryRows,
        comparisonNote,
        domainCharts,
        trendQuarters,
        csv,
        pooledLatest,
        trendPooledLatest,
        versionsAsked,
        pooled100,
        trendPooled100,
      };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages.length).toBeGreaterThanOrEqual(11);
    // Joining through the invite link.
    expect(out.joinedStorage).not.toContain('aim_');
    expect(out.joinedRole).toBe('respondent');
    // The owner manages the people: the joined colleague's role, changed, then removed.
    expect(out.ritaRole).toBe('respondent');
    expect(out.promoted).toBe('leader');
    expect(out.listedBefore).toBe(200);
    expect(out.listedAfterRemoval).toBe(403);
    expect(out.joinedNav).not.toMatch(/Audit trail|Access/);
    // The leader's results.
    expect(out.leaderNav).toMatch(/Audit trail/);
    expect(out.leaderNav).not.toMatch(/Access/);
    // The leader's cohort starts as the organisation's own industry: a published level.
    expect(out.ownCohort).toMatch(
      new RegExp(`^Technology: ${COUNT} verified organisations\\. Your overall score is above about \\d+% \\(90% interval \\d+–\\d+%\\) of them\\.`),
    );
    expect(out.releaseNote).toContain(`Released ${today()} · figures include privacy noise; ranges are 90% intervals`);
    expect(out.bandRows).toBe(8); // overall + seven domains
    expect(out.firstBand).toMatch(new RegExp(`^Overall: your score \\d\\.\\d\\d; median ${SCORE}, middle half ${SCORE} to ${SCORE}; percentile ${COUNT}$`));
    expect(out.whiskers).toBeGreaterThan(0);
    expect(out.overallRow).toMatch(new RegExp(`^Overall\\s+\\d\\.\\d\\d\\s+${COUNT}\\s+${SCORE}\\s+${SCORE}\\s+${SCORE}$`));
    expect(out.trendChart).toMatch(new RegExp(`Cohort median \\(Technology\\), current release: ${SCORE}, the range in brackets a 90% interval\\.$`));
    expect(out.recommendations).toBeGreaterThan(0);
    expect(out.trendRows).toBe(2);
    expect(out.suppressedText).toContain('not real peers');
    expect(out.suppressedText).toMatch(/Real peer figures are not published for cohorts of this kind \(cohorts by industry and region are not published/);
    expect(out.suppressedChart).toBe(0);
    expect(out.allCohort).toMatch(new RegExp(`^All organisations: ${COUNT} verified organisations\\.`));
    expect(out.pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(out.pdf.name).toMatch(/\.pdf$/);
    // The audit trail pages and filters.
    expect(out.page1).toHaveLength(5);
    expect(out.page2.length).toBeGreaterThan(0);
    expect(out.page2[0]).not.toBe(out.page1[0]);
    expect(out.agentRows.length).toBeGreaterThan(0);
    expect(out.agentRows[0]).toMatch(/Assessment bot \(respondent, an agent\)/);
    // The analyst's comparison.
    expect(out.summaryRows).toHaveLength(3);
    const shown = (letter: string, name: string) => new RegExp(`^${letter}: ${name}\\s+${today()}\\s+${COUNT}\\s+${SCORE}\\s+${SCORE}\\s+${SCORE}$`);
    expect(out.summaryRows[0]).toMatch(shown('A', 'Technology'));
    expect(out.summaryRows[1]).toMatch(shown('B', 'Financial services'));
    expect(out.summaryRows[2]).toMatch(/^C: Europe\s+No figures: cohorts by region are not published/);
    expect(out.comparisonNote).toContain(`Released ${today()} · figures include privacy noise; ranges are 90% intervals`);
    expect(out.domainCharts).toBe(8);
    // Four quarters: the current one has today's release; earlier ones had none.
    expect(out.trendQuarters).toHaveLength(4);
    expect(out.trendQuarters.filter((r) => new RegExp(`${today()}\\s+${COUNT}\\s+${SCORE}`).test(r))).toHaveLength(1);
    expect(out.trendQuarters.filter((r) => /No figures: no release was made in \d{4}-Q\d/.test(r))).toHaveLength(3);
    const csv = out.csv.bytes.toString('utf8').trim().split('\n');
    expect(out.csv.name).toMatch(/\.csv$/);
    expect(csv[0]).toMatch(/^questionnaireId,industry,sizeBand,region,period,population,synthetic,releaseDate,epsilon,suppressed,reason,n,nLow,nHigh,/);
    expect(csv.filter((l) => l.includes(',europe,'))).toHaveLength(1);
    expect(csv.find((l) => l.includes(',europe,'))).toMatch(/,real,false,,,true,"?cohorts by region are not published/);
    const tech = csv.filter((l) => l.includes(',technology,'));
    expect(tech.length).toBeGreaterThanOrEqual(1);
    expect(tech[0]).toContain(`,real,false,${new Date().toISOString().slice(0, 10)},`);
    expect(tech[0]).toContain(',overall,');
    // The latest version by default; 1.0.0 when chosen, its changed domains kept apart.
    const latest = (await latestQuestionnaire(served().url)).version;
    expect(latest).not.toBe('1.0.0');
    expect(tech[0]).toContain(`,overall,${latest},`);
    expect(out.pooledLatest).toBe(`Compared with organisations on questionnaire version ${latest}.`);
    expect(out.trendPooledLatest).toBe(`Compared with organisations on questionnaire version ${latest}.`);
    expect(out.versionsAsked).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    expect(out.pooled100).toMatch(
      /^Compared per questionnaire version where a domain changed meaning: the overall score, [^;]+ with organisations on version 1\.0\.0; [^;]+ with organisations on versions 1\.0\.0–1\.1\.0\.$/,
    );
    expect(out.trendPooled100).toBe('Compared with organisations on questionnaire version 1.0.0.');
  });
});
