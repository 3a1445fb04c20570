/**
 * Benchmarks from day one in Chromium (docs/benchmarks.md, "Reference population"): a new
 * organisation, alone in its real cohort, sees its results compared with the reference
 * population, badged and explained, with its real cohort's count as the release allows
 * and when it opens; an analyst switches cohorts to Demo (the stored synthetic data,
 * seeded with scripts/demo) and Reference, and every figure that is not real carries a badge.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { seedDemo } from '../../scripts/demo/seed';
import { DESKTOP, Session, withBrowser } from './browser';
import { foldEverything, RELEASE_TEST_ENV, seedOrganisations, type SeededOrganisation } from './seed';
import { servedWebApp, signIn } from './web-platform';

describe('benchmarks from day one in the browser', () => {
  // A minimum of 10 rather than 5: a cohort of one stays withheld whatever the (seeded) noise, one of 20 shown.
  const served = servedWebApp({ ...RELEASE_TEST_ENV, AIM_BENCHMARK_MINIMUM: '10' });
  let newcomer: SeededOrganisation;

  beforeAll(async () => {
    const platform = served();
    // A small synthetic demo population, through the demo seeding (its own services, same table).
    await seedDemo(platform.config, { organisations: 40, concurrency: 2 });
    const seeded = await seedOrganisations(
      platform.url,
      platform.adminKey,
      [{ name: 'First Grid', industry: 'energy', sizeBand: '250-999', region: 'europe' }],
      () => 2,
    );
    newcomer = seeded[0]!;
    // Twenty verified technology organisations: a real cohort shown in practically every release (RELEASE_TEST_ENV).
    const tech = Array.from({ length: 20 }, (_, i) => ({ name: `Tech ${i}`, industry: 'technology', sizeBand: '250-999', region: 'europe' }));
    await seedOrganisations(platform.url, platform.adminKey, tech, (i) => i % 5);
    await foldEverything(platform);
  }, 240_000);

  it('shows a new organisation a labelled reference benchmark, and an analyst demo and reference cohorts with badges', { timeout: 150_000 }, async () => {
    const { adminKey } = served();
    const analystKey = (
      await apiClient(served().url).post('/v1/tokens', { role: 'analyst', actorType: 'agent', label: 'Ana Lyst', expiresInDays: 30 }, adminKey)
    ).body.token.secret as string;

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'reference-benchmark');
      const { page } = s;

      // The new organisation's owner: results against the reference population.
      await signIn(page, served(), newcomer.token);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.locator(`a[href$="${newcomer.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      await page.getByTestId('reference-notice').waitFor();
      const notice = await page.getByTestId('reference-notice').innerText();
      const summary = await page.getByTestId('cohort-summary').innerText();
      const chartTitle = await page.locator('.band-chart figcaption').first().innerText();
      const suppressedShown = await page.getByTestId('cohort-suppressed').count();
      const stored = await page.evaluate(() => Object.entries(window.localStorage).filter(([k]) => k.startsWith('aim.peer-cohort.')));
      await s.capture('owner-reference');
      // The technology cohort last showed the reference population (as stored by this page); now it shows real peers.
      await page.evaluate(([key]) => window.localStorage.setItem(key!.replace('.energy.', '.technology.'), 'reference'), [stored[0]?.[0]]);
      await page.getByLabel('Industry').selectOption('technology');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.getByTestId('real-cohort-opened').waitFor();
      const opened = await page.getByTestId('real-cohort-opened').innerText();
      const realSummary = await page.getByTestId('cohort-summary').innerText();
      const referenceAfterOpening = await page.getByTestId('reference-notice').count();
      const storedAfter = await page.evaluate(() => Object.entries(window.localStorage).find(([k]) => k.includes('.technology.'))?.[1]);
      await s.capture('owner-real-opened');

      // The analyst: demo cohorts and the reference population, each badged; real cohorts unbadged.
      await signIn(page, served(), analystKey);
      await page.getByRole('heading', { name: 'Compare cohorts' }).waitFor();
      await page.getByRole('button', { name: 'Add a cohort' }).click();
      const group = (letter: string) => page.getByRole('group', { name: `Cohort ${letter}` });
      await group('A').getByLabel('Population').selectOption('synthetic');
      await group('B').getByLabel('Population').selectOption('synthetic');
      await group('B').getByLabel('Region').selectOption('europe');
      await group('C').getByLabel('Population').selectOption('reference');
      // The quarter's longest choice fits its select at 1280 px (its text is not cut off).
      const quarter = group('A').getByLabel('Quarter');
      await quarter.selectOption({ index: 1 });
      const quarterFits = await quarter.evaluate((el: HTMLSelectElement) => {
        const style = getComputedStyle(el);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = style.font;
        const text = context.measureText(el.selectedOptions[0]!.text).width;
        const room = el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 16; // the arrow
        return { text, room };
      });
      await quarter.selectOption('');
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      const table = page.getByRole('table', { name: 'Cohorts and their overall scores' });
      await table.waitFor();
      const rows = await table.locator('tbody tr').allInnerTexts();
      const badges = await table.getByTestId('population-badge').allInnerTexts();
      const referenceNote = await page.getByTestId('comparison').getByTestId('reference-note').innerText();
      await page.getByTestId('trend').getByRole('table').waitFor();
      const trendBadges = await page.getByTestId('trend').getByTestId('population-badge').count();
      await s.capture('analyst-populations');
      return {
        s,
        opened,
        realSummary,
        referenceAfterOpening,
        storedAfter,
        notice,
        summary,
        chartTitle,
        suppressedShown,
        stored,
        quarterFits,
        rows,
        badges,
        referenceNote,
        trendBadges,
      };
    }, DESKTOP);

    expect(out.notice).toContain('Reference population (synthetic)');
    expect(out.notice).toContain('synthetic organisations calibrated to published surveys, not real peers');
    expect(out.notice).toMatch(
      /Your real cohort: fewer than 10 verified organisations in the release of \d{4}-\d{2}-\d{2}\. It opens once a release counts at least 10; the next release is on \d{4}-\d{2}-\d{2}\./,
    );
    expect(out.summary).toMatch(/Energy: \d+ reference organisations \(synthetic\)/);
    expect(out.chartTitle).toContain('(reference population)');
    expect(out.suppressedShown).toBe(0);
    expect(out.stored).toEqual([[expect.stringContaining('.energy.'), 'reference']]);

    expect(out.opened).toContain('Your real cohort has opened.');
    expect(out.realSummary).toMatch(/Technology: ≈ \d+ \(\d+–\d+\) verified organisations/);
    expect(out.referenceAfterOpening).toBe(0);
    expect(out.storedAfter).toBe('real');

    expect(out.quarterFits.text).toBeLessThanOrEqual(out.quarterFits.room);
    expect(out.rows[0]).toContain('A: All organisations (synthetic demo data)');
    expect(out.rows[0]).toContain('Demo data, exact');
    expect(out.rows[1]).toContain('B: Europe (synthetic demo data)');
    expect(out.rows[2]).toContain('C: All organisations (reference population)');
    expect(out.rows[2]).toContain('Reference, exact');
    expect(out.badges).toEqual(['Demo data (synthetic)', 'Demo data (synthetic)', 'Reference population (synthetic)']);
    expect(out.referenceNote).toContain('not real peers');
    expect(out.trendBadges).toBeGreaterThan(0);
    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
  });
});
