/**
 * Leaders and analysts in Chromium, against organisations seeded through the API (k = 3,
 * so that a handful of organisations make a cohort that may be shown): an owner issues
 * keys and an invite link, a colleague joins through it, a leader reads results against
 * a cohort they pick, follows the trend, downloads the PDF and pages through the audit
 * trail; an analyst compares three cohorts (one suppressed), reads the trend by quarter
 * and downloads the CSV.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers } from '../support/answering';
import { eventually } from '../support/eventually';
import { check, DESKTOP, Session, withBrowser } from './browser';
import { latestQuestionnaire, seedOrganisations, type SeededOrganisation } from './seed';
import { servedWebApp, signIn } from './web-platform';

const COHORT = { sizeBand: '250-999', region: 'europe' };

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

describe('leaders and analysts in the browser', () => {
  const served = servedWebApp({ AIM_K_ANONYMITY: '3' });
  let seeded: SeededOrganisation[] = [];

  beforeAll(async () => {
    const platform = served();
    const orgs = [
      ...[0, 1, 2, 3].map((i) => ({ name: `Tech ${i}`, industry: 'technology', ...COHORT })),
      ...[0, 1, 2, 3].map((i) => ({ name: `Finance ${i}`, industry: 'financial-services', ...COHORT })),
      ...[0, 1].map((i) => ({ name: `Health ${i}`, industry: 'healthcare', ...COHORT })),
      // The smallest shown industry: hidden with healthcare, so that all minus the shown
      // industries never isolates the two clinics (complementary suppression).
      ...[0, 1, 2].map((i) => ({ name: `Shop ${i}`, industry: 'retail', ...COHORT })),
    ];
    seeded = await seedOrganisations(platform.url, platform.adminToken, orgs, (i) => i % 5);
    // The first organisation submits a second, better assessment: its trend has two points.
    const api = apiClient(platform.url);
    const first = seeded[0]!;
    const reopened = await api.post(`/v1/assessments/${first.assessmentId}/reopen`, {}, first.token);
    const q = await latestQuestionnaire(platform.url);
    await api.patch(`/v1/assessments/${reopened.body.id}/answers`, { revision: reopened.body.revision, answers: completeAnswers(q, (levels) => levels - 2) }, first.token);
    const submitted = await api.post(`/v1/assessments/${reopened.body.id}/submit`, {}, first.token);
    check(submitted.status === 200, `second submission (${submitted.status})`);
    first.assessmentId = reopened.body.id;
    // Wait until the stream has folded every organisation into the benchmark.
    await platform.drainStream();
    const all = await eventually(
      () => api.get(`/v1/assessments/${first.assessmentId}/benchmark`, first.token),
      (r) => r.body.n === 13,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    check(all.body.n === 13, `all thirteen organisations are in the benchmark (n = ${all.body.n})`);
  });

  it('owner manages access, a colleague joins, a leader reads results and the audit trail, an analyst compares cohorts', { timeout: 150_000 }, async () => {
    const { url, adminToken } = served();
    const api = apiClient(url);
    const owner = seeded[0]!;
    const analystKey = (await api.post('/v1/tokens', { role: 'analyst', actorType: 'human', label: 'Ana Lyst', expiresInDays: 30 }, adminToken)).body.token.secret as string;

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'leader-analyst');
      const { page } = s;
      page.on('dialog', (d) => void d.accept());

      // Owner: issue a leader key and an agent key, revoke the agent key, create an invite link.
      await signIn(page, url, owner.token);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const mint = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Issue a key' }) });
      await mint.getByLabel('Name').fill('Lee Leader');
      await mint.getByLabel('Role').selectOption('leader');
      await mint.getByRole('button', { name: 'Issue key' }).click();
      const leaderKey = await mint.getByTestId('issued-key').getByLabel('Access key').inputValue();
      await mint.getByLabel('Name').fill('Inventory sync agent');
      await mint.getByLabel('An agent (software)').check();
      await mint.getByLabel('Role').selectOption('respondent');
      await mint.getByRole('button', { name: 'Issue key' }).click();
      await mint.getByTestId('issued-key').filter({ hasText: 'Inventory sync agent' }).waitFor();
      await s.capture('access-issued');
      await page.getByRole('button', { name: 'Revoke the key Inventory sync agent' }).click();
      await page.getByText('Revoked the key "Inventory sync agent".').waitFor();
      const invite = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Invite someone' }) });
      await invite.getByLabel('Name').fill('Rita Respondent');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      const inviteLink = await invite.getByTestId('invite-link').getByLabel('Invite link').inputValue();
      await page.getByRole('row', { name: /Rita Respondent/ }).waitFor();
      await s.capture('access-invited');

      // A colleague opens the invite link (another origin, so another browser profile's storage).
      const joinPage = await context.newPage();
      const joinUrl = inviteLink.replace('//localhost:', '//127.0.0.1:');
      const joining = new Session(joinPage, `${s.dir}/join`);
      await joinPage.goto(joinUrl);
      await joinPage.getByRole('button', { name: 'Accept the invitation' }).waitFor();
      await joining.capture('join');
      await joinPage.getByRole('button', { name: 'Accept the invitation' }).click();
      const joinedKey = await joinPage.getByLabel('Access key').inputValue();
      await joinPage.getByRole('button', { name: 'I have saved my key, continue' }).click();
      await joinPage.getByRole('heading', { name: 'Your assessments' }).waitFor();
      const joinedNav = await joinPage.getByRole('navigation', { name: 'Main' }).innerText();
      const joinedRole = await joinPage.evaluate(() => localStorage.getItem('aim.role'));
      await joinPage.close();
      s.axeFindings.push(...joining.axeFindings);
      s.axePages.push(...joining.axePages);
      s.pageErrors.push(...joining.pageErrors);

      // Leader: results against a cohort they pick.
      await page.setViewportSize(DESKTOP);
      await signIn(page, url, leaderKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      const leaderNav = await page.getByRole('navigation', { name: 'Main' }).innerText();
      await page.locator(`a[href$="${owner.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      await page.getByTestId('cohort-summary').waitFor();
      const ownCohort = await page.getByTestId('cohort-summary').innerText();
      const bandRows = await page.locator('.band-chart .band-row:not(.band-axis)').count();
      const firstBand = await page.locator('.band-chart svg[role="img"]').first().getAttribute('aria-label');
      await page.locator('ol.recommendations > li').first().waitFor();
      const recommendations = await page.locator('ol.recommendations > li').count();
      const trendRows = await page.locator('table').filter({ hasText: 'Scores by submission' }).locator('tbody tr').count();
      await s.capture('leader-results');
      await page.getByLabel('Region').selectOption('north-america');
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByTestId('cohort-suppressed').waitFor();
      const suppressedChart = await page.locator('.band-chart').count();
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
      await page.getByRole('button', { name: 'Show events' }).click();
      await page.getByRole('table').filter({ hasText: 'Events, page 1' }).waitFor();
      // The caption changes before the rows arrive: wait for the rows themselves.
      await page.locator('table.audit tbody tr').nth(4).waitFor();
      const page1 = await page.locator('table.audit tbody tr').allInnerTexts();
      await s.capture('audit');
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByRole('table').filter({ hasText: 'Events, page 2' }).waitFor();
      await page.locator('table.audit tbody tr').first().waitFor();
      const page2 = await page.locator('table.audit tbody tr').allInnerTexts();
      await page.getByLabel('Made by').selectOption('agent');
      await page.getByRole('button', { name: 'Show events' }).click();
      await page.getByRole('table').filter({ hasText: 'Events, page 1' }).waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll('table.audit tbody tr')].every((tr) => tr.textContent?.includes('an agent')));
      const agentRows = await page.locator('table.audit tbody tr').allInnerTexts();
      await s.capture('audit-agents');

      // Analyst: three cohorts side by side, one suppressed; trend by quarter; CSV.
      await signIn(page, url, analystKey);
      await page.getByRole('heading', { name: 'Compare cohorts' }).waitFor();
      await s.capture('analyst-empty');
      await page.getByRole('button', { name: 'Add a cohort' }).click();
      const pick = async (letter: string, industry: string) =>
        page.getByRole('group', { name: `Cohort ${letter}` }).getByLabel('Industry').selectOption(industry);
      await pick('A', 'technology');
      await pick('B', 'financial-services');
      await pick('C', 'healthcare');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      const summary = page.getByRole('table', { name: 'Cohorts and their overall scores' });
      await summary.waitFor();
      const summaryRows = await summary.locator('tbody tr').allInnerTexts();
      const domainCharts = await page.locator('.domain-charts .band-chart').count();
      await page.getByTestId('trend').getByRole('table').waitFor();
      const trendQuarters = await page.getByTestId('trend').locator('tbody tr').allInnerTexts();
      await s.capture('analyst-compared');
      const csv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV', exact: true }).click());
      await page.setViewportSize({ width: 375, height: 812 });
      await s.capture('analyst-phone');
      return { s, joinedNav, joinedRole, joinedKey, leaderNav, ownCohort, bandRows, firstBand, recommendations, trendRows, suppressedChart, allCohort, pdf, page1, page2, agentRows, summaryRows, domainCharts, trendQuarters, csv };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages.length).toBeGreaterThanOrEqual(11);
    // Joining through the invite link.
    expect(out.joinedKey).toMatch(/^aim_/);
    expect(out.joinedRole).toBe('respondent');
    expect(out.joinedNav).not.toMatch(/Audit trail|Access/);
    // The leader's results.
    expect(out.leaderNav).toMatch(/Audit trail/);
    expect(out.leaderNav).not.toMatch(/Access/);
    expect(out.ownCohort).toMatch(/^Technology, 250–999 people, Europe: 4 verified organisations\./);
    expect(out.bandRows).toBe(8); // overall + seven domains
    expect(out.firstBand).toMatch(/^Overall: your score \d\.\d\d; median \d\.\d\d, middle half \d\.\d\d to \d\.\d\d; percentile \d+$/);
    expect(out.recommendations).toBeGreaterThan(0);
    expect(out.trendRows).toBe(2);
    expect(out.suppressedChart).toBe(0);
    expect(out.allCohort).toMatch(/All organisations: 13 verified organisations/);
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
    expect(out.summaryRows[0]).toMatch(/^A: Technology\s+4\s/);
    expect(out.summaryRows[1]).toMatch(/^B: Financial services\s+4\s/);
    expect(out.summaryRows[2]).toMatch(/^C: Healthcare\s+Suppressed to protect privacy$/);
    expect(out.domainCharts).toBe(8);
    expect(out.trendQuarters).toHaveLength(4);
    expect(out.trendQuarters.some((r) => /\s4\s/.test(r))).toBe(true);
    const csv = out.csv.bytes.toString('utf8').trim().split('\n');
    expect(out.csv.name).toMatch(/\.csv$/);
    expect(csv[0]).toMatch(/^questionnaireId,industry,/);
    expect(csv.filter((l) => l.includes(',healthcare,'))).toHaveLength(1);
    expect(csv.find((l) => l.includes(',healthcare,'))).toMatch(/,true,,/);
    expect(csv.filter((l) => l.includes(',technology,')).length).toBeGreaterThanOrEqual(8);
  });
});
