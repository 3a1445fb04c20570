/**
 * A platform administrator approves an organisation in the browser: the owner first sees
 * that it waits for verification, the administrator approves it from the queue (with a
 * confirmation and a status message), and the owner then sees it verified, and its
 * submission counted in its cohort.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers } from '../support/answering';
import { eventually } from '../support/eventually';
import { check, DESKTOP, Session, withBrowser } from './browser';
import { latestQuestionnaire, seedOrganisations } from './seed';
import { servedWebApp, signIn } from './web-platform';

describe('verifying an organisation in the browser', () => {
  const platform = servedWebApp({ AIM_K_ANONYMITY: '3' });

  it('the owner sees it waiting, an administrator approves it, the owner sees it verified', { timeout: 120_000 }, async () => {
    const { url, adminToken } = platform();
    const api = apiClient(url);
    // Two verified peers: with k = 3 the cohort is shown only once the newcomer counts too.
    await seedOrganisations(url, adminToken, [0, 1].map((i) => ({ name: `Peer ${i}`, industry: 'energy', sizeBand: '250-999', region: 'europe' })), (i) => i + 1);
    const registered = await api.post('/v1/organisations', { name: 'Newcomer Ltd', industry: 'energy', sizeBand: '250-999', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const organisationId = registered.body.organisation.id as string;
    const q = await latestQuestionnaire(url);
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, owner);
    await api.patch(`/v1/assessments/${created.body.id}/answers`, { revision: created.body.revision, answers: completeAnswers(q, () => 2) }, owner);
    check((await api.post(`/v1/assessments/${created.body.id}/submit`, {}, owner)).status === 200, 'the submission lands');
    await platform().drainStream();
    const cohortSize = async () => (await api.get(`/v1/assessments/${created.body.id}/benchmark`, owner)).body;
    const before = await cohortSize();

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'verification');
      const { page } = s;
      page.on('dialog', (d) => void d.accept());

      await signIn(page, url, owner);
      const notice = page.getByTestId('verification-status');
      await notice.waitFor();
      const ownerBefore = { status: await notice.getAttribute('data-status'), text: (await notice.innerText()).trim() };
      await s.capture('owner-waiting');

      await signIn(page, url, adminToken);
      await page.getByRole('link', { name: 'Verification' }).click();
      await page.getByRole('heading', { name: 'Verification', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Newcomer Ltd' });
      await row.waitFor();
      const rowText = (await row.innerText()).replace(/\s+/g, ' ');
      await s.capture('queue');
      await row.getByRole('button', { name: 'Approve: Newcomer Ltd' }).click();
      const message = page.getByTestId('verification-message');
      await message.filter({ hasText: 'Approved Newcomer Ltd' }).waitFor();
      await row.waitFor({ state: 'detached' });
      await s.capture('approved');
      await page.getByLabel('Show').selectOption('verified');
      await page.getByRole('row').filter({ hasText: 'Newcomer Ltd' }).waitFor();
      await s.capture('verified-list');

      await signIn(page, url, owner);
      await page.locator('[data-testid="verification-status"][data-status="verified"]').waitFor();
      const ownerAfter = (await page.getByTestId('verification-status').innerText()).trim();
      await s.capture('owner-verified');
      return { s, ownerBefore, rowText, ownerAfter };
    }, DESKTOP);

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.ownerBefore.status).toBe('unverified');
    expect(outcome.ownerBefore.text).toContain('count in the benchmarks only once a platform administrator has verified');
    expect(outcome.rowText).toContain('Newcomer Ltd');
    expect(outcome.ownerAfter).toContain('Your organisation is verified.');
    expect((await api.get('/v1/session', owner)).body.organisation).toMatchObject({ id: organisationId, verification: 'verified' });
    // Before approval the cohort held the two peers only (too few to show); after it, three.
    expect(before).toMatchObject({ suppressed: true });
    await platform().drainStream();
    const after = await eventually(cohortSize, (b) => b.n === 3, { timeoutMs: 20_000, intervalMs: 250 });
    expect(after).toMatchObject({ suppressed: false, n: 3 });
  });
});
