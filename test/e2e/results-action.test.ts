/**
 * Results that lead to action (issue 18), in Chromium at 1280x800: the three actions to
 * start with and the PDF button are on screen without scrolling, in the order report.json
 * and the PDF share; the score and level are explained in place; each domain says what its
 * level means, what the next asks for and which answers hold it back; the PDF downloaded
 * from the page (read back with pdftotext) compares with the cohort chosen on screen and is
 * named after the organisation and the day. Axe finds nothing serious or critical.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { check, Session, withBrowser } from './browser';
import { foldEverything, RELEASE_TEST_ENV, seedOrganisations, type SeededOrganisation } from './seed';
import { servedWebApp, signIn } from './web-platform';

const VIEWPORT = { width: 1280, height: 800 };
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('results that lead to action', () => {
  const served = servedWebApp({ AIM_K_ANONYMITY: '3', ...RELEASE_TEST_ENV });
  let seeded: SeededOrganisation[] = [];

  beforeAll(async () => {
    const platform = served();
    const orgs = Array.from({ length: 4 }, (_, i) => ({
      name: i === 0 ? 'Action Ltd' : `Peer ${i}`,
      industry: i % 2 === 0 ? 'technology' : 'financial-services',
      sizeBand: '250-999',
      region: 'europe',
    }));
    seeded = await seedOrganisations(platform.url, platform.adminKey, orgs, (i) => (i === 0 ? 0 : i));
    await foldEverything(platform);
  }, 120_000);

  it('puts the first actions and the PDF for the cohort on screen above the fold', { timeout: 180_000 }, async () => {
    const platform = served();
    const org = seeded[0]!;
    const report = (await apiClient(platform.url).get(`/v1/assessments/${org.assessmentId}/report.json`, org.token)).body;
    const firstThree: string[] = report.recommendations.slice(0, 3).map((c: { title: string }) => c.title);
    check(firstThree.length === 3, 'the seeded organisation has at least three recommended controls');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'results-action');
      const { page } = s;
      await signIn(page, platform, org.token);
      await page.locator(`a[href$="${org.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      const start = page.getByTestId('start-here');
      await start.locator('ol.top-actions > li').nth(2).waitFor();
      await page.locator('ol.recommendations > li').first().waitFor();
      await page.getByTestId('cohort-summary').or(page.getByTestId('cohort-suppressed')).first().waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));

      // Above the fold: each of the three actions and the button end within the first 800 pixels.
      const button = page.getByRole('button', { name: 'Download PDF report' });
      const boxes = [...(await start.locator('ol.top-actions > li').all()), button];
      const bottoms: number[] = [];
      for (const box of boxes) {
        const b = await box.boundingBox();
        bottoms.push(b ? b.y + b.height : Number.POSITIVE_INFINITY);
      }
      const topActions = (await start.locator('ol.top-actions > li strong').allInnerTexts()).map(squash);
      const firstListed = squash(await page.locator('ol.recommendations > li h4').first().innerText());
      const groups = (await page.locator('.roadmap-window > summary').allInnerTexts()).map(squash);
      const levelExplained = squash(await page.getByTestId('level-explained').innerText());
      await s.capture('results-top');

      // Per domain: what the level means, the next level, the answers holding it back.
      const explanations = page.locator('details.domain-explanation');
      const domainCount = await explanations.count();
      await explanations.first().locator('summary').click();
      const firstDomain = squash(await explanations.first().innerText());
      await s.capture('results-domain-open');

      // Choose another cohort on screen: the PDF compares with it.
      await page.getByLabel('Industry').selectOption('financial-services');
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByTestId('pdf-cohort').filter({ hasText: 'Financial services' }).waitFor();
      const pdfCohort = squash(await page.getByTestId('pdf-cohort').innerText());
      await s.capture('results-other-cohort');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
      const file = await download.path();
      const pdfText = squash(execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
      return { s, bottoms, topActions, firstListed, groups, levelExplained, domainCount, firstDomain, pdfCohort, pdfText, name: download.suggestedFilename() };
    }, VIEWPORT);

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    for (const bottom of out.bottoms) expect(bottom).toBeLessThanOrEqual(VIEWPORT.height);
    // One ranking: the page's top three and its list start as report.json does.
    expect(out.topActions).toEqual(firstThree);
    expect(out.firstListed).toContain(firstThree[0]);
    expect(out.groups[0]).toMatch(/^First 30 days \(\d+\)$/);
    expect(out.groups.length).toBeGreaterThanOrEqual(2);
    expect(out.levelExplained).toMatch(
      new RegExp(`^${report.overall.score.toFixed(2)} out of 5 is level ${report.overall.level}, ${report.overall.levelName}: .*whole part`),
    );
    const domain = report.domains[0];
    expect(out.domainCount).toBe(report.domains.length);
    expect(out.firstDomain).toContain(`What level ${domain.level} means here`);
    expect(out.firstDomain).toContain(squash(domain.levelDescription));
    expect(out.firstDomain).toContain(`To reach level ${domain.level + 1}`);
    expect(out.firstDomain).toContain('Answers holding it back');
    expect(out.firstDomain).toContain(squash(domain.holdingBack[0].prompt));
    // The PDF: the cohort on screen, named after the organisation and the day, the same first action.
    expect(out.pdfCohort).toContain('Compares with Financial services');
    expect(out.pdfText).toContain('Cohort chosen Financial services · all sizes · all regions');
    expect(out.pdfText).toContain(`Quick wins: three controls to start in the first 30 days 1 ${firstThree[0]}`);
    expect(out.name).toBe(`aim-report-action-ltd-${new Date().toISOString().slice(0, 10)}.pdf`);
  });
});
