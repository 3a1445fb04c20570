/**
 * A platform administrator approves an organisation in the browser: the owner first sees
 * that it waits for verification, the administrator approves it from the queue (with a
 * confirmation and a status message), and the owner then sees it verified, and its
 * results against its industry's peers: figures of the day's release, each with its 90%
 * interval, and the release date. The release is made on the first benchmark read of
 * the day (issue 14), so nothing reads a benchmark before the approval.
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers } from '../support/answering';
import { check, DESKTOP, Session, withBrowser } from './browser';
import { foldEverything, latestQuestionnaire, RELEASE_TEST_ENV, seedOrganisations } from './seed';
import { servedWebApp, signIn } from './web-platform';

describe('verifying an organisation in the browser', () => {
  const platform = servedWebApp({ AIM_K_ANONYMITY: '3', ...RELEASE_TEST_ENV });

  it('the owner sees it waiting, an administrator approves it, the owner sees it verified', { timeout: 120_000 }, async () => {
    const { url, adminKey } = platform();
    const api = apiClient(url);
    // Nineteen verified peers in energy: with the newcomer, a cohort shown in practically every release.
    await seedOrganisations(
      url,
      adminKey,
      Array.from({ length: 19 }, (_, i) => ({ name: `Peer ${i}`, industry: 'energy', sizeBand: '250-999', region: 'europe' })),
      (i) => (i % 4) + 1,
    );
    const registered = await api.post('/v1/organisations', { name: 'Newcomer Ltd', industry: 'energy', sizeBand: '250-999', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const organisationId = registered.body.organisation.id as string;
    const q = await latestQuestionnaire(url);
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, owner);
    await api.patch(`/v1/assessments/${created.body.id}/answers`, { revision: created.body.revision, answers: completeAnswers(q, () => 2) }, owner);
    check((await api.post(`/v1/assessments/${created.body.id}/submit`, {}, owner)).status === 200, 'the submission lands');

    const outcome = await withBrowser(async (context) => {
      const s = await Session.open(context, 'verification');
      const { page } = s;
      page.on('dialog', (d) => void d.accept());

      await signIn(page, platform(), owner);
      const notice = page.getByTestId('verification-status');
      await notice.waitFor();
      const ownerBefore = { status: await notice.getAttribute('data-status'), text: (await notice.innerText()).trim() };
      await s.capture('owner-waiting');

      await signIn(page, platform(), adminKey);
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

      // Every submission folded, the newcomer's included, before the day's release is made.
      await foldEverything(platform());
      await signIn(page, platform(), owner);
      await page.locator('[data-testid="verification-status"][data-status="verified"]').waitFor();
      const ownerAfter = (await page.getByTestId('verification-status').innerText()).trim();
      await s.capture('owner-verified');
      await page.locator(`a[href$="${created.body.id}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      const summary = page.getByTestId('cohort-summary');
      await summary.waitFor();
      const cohort = (await summary.innerText()).trim();
      const release = (await page.getByTestId('release-note').innerText()).trim();
      await s.capture('owner-results');
      return { s, ownerBefore, rowText, ownerAfter, cohort, release };
    }, DESKTOP);

    expect(outcome.s.pageErrors).toEqual([]);
    expect(outcome.s.axeFindings).toEqual([]);
    expect(outcome.ownerBefore.status).toBe('unverified');
    expect(outcome.ownerBefore.text).toContain('count in the benchmarks only once a platform administrator has verified');
    expect(outcome.rowText).toContain('Newcomer Ltd');
    expect(outcome.ownerAfter).toContain('Your organisation is verified.');
    expect((await api.get('/v1/session', owner)).body.organisation).toMatchObject({ id: organisationId, verification: 'verified' });
    // The owner's industry, released today: a noisy count with its interval, and the release date.
    expect(outcome.cohort).toMatch(
      /^Energy: ≈ \d+ \(\d+–\d+\) verified organisations\. Your overall score is above about \d+% \(90% interval \d+–\d+%\) of them\.$/,
    );
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    expect(outcome.release).toContain(`Released ${today} · figures include privacy noise; ranges are 90% intervals`);
    // The API gives the same release: every figure with its interval.
    const position = (await api.get(`/v1/assessments/${created.body.id}/benchmark`, owner)).body;
    expect(position).toMatchObject({ suppressed: false, release: { date: new Date().toISOString().slice(0, 10), confidence: 0.9 } });
    expect(position.n.low).toBeLessThanOrEqual(position.n.value);
    expect(position.n.high).toBeGreaterThanOrEqual(position.n.value);
  });
});
