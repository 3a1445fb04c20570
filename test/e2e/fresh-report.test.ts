/**
 * A stored report after a newer benchmark release (issue 21), in Chromium: the report is
 * rendered off the stream when the assessment is submitted; the next day its owner's
 * download from the results page is that stored report, and the page says as of which
 * release its peer figures are and that a newer one has come out. "Get a fresh report"
 * downloads one of the current release, and the page then says it is the latest. Both
 * PDFs are read back (qpdf, pdfinfo, pdftotext): different reports, each naming its own id.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, Session, withBrowser } from './browser';
import { foldEverything, seedOrganisations, type SeededOrganisation } from './seed';
import { personFor, type Person, servedWebApp, signInAs } from './web-platform';

const DAY_MS = 86_400_000;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The id a report prints in its metadata and footers ("report <id> sha256 …"). */
function readBack(file: string): { reportId: string } {
  expect(execFileSync('/usr/bin/qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
  const reportId = /report (\S+) sha256/.exec(info)?.[1];
  check(reportId, `the PDF's keywords name its report id (pdfinfo: ${info.slice(0, 300)})`);
  expect(execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })).toContain(reportId);
  return { reportId };
}

describe('a stored report after a newer benchmark release', () => {
  // The platform's clock runs with the real one until the step below takes it past the next UTC
  // midnight; started within ten minutes of a midnight, it starts just past it, so that the seeding
  // and the render off the stream fall on one day. It only ever runs ahead of the real clock, which
  // the embedded OpenID Provider keeps.
  const sinceMidnight = Date.now() % DAY_MS;
  let offsetMs = sinceMidnight > DAY_MS - 10 * 60_000 ? DAY_MS - sinceMidnight + 60_000 : 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const served = servedWebApp({}, { clock, reportsOnSubmit: true });
  let org: SeededOrganisation;
  let owner: Person;
  let renderedOn: string;
  let nextDay: string;

  beforeAll(async () => {
    const platform = served();
    const seeded = await seedOrganisations(
      platform.url,
      platform.adminKey,
      [{ name: 'Fresh Report Ltd', industry: 'technology', sizeBand: '250-999', region: 'europe' }],
      () => 2,
    );
    check(seeded[0], 'the organisation is seeded');
    org = seeded[0];
    // Off the stream: the submission is folded and its report rendered and stored, as of today's release.
    await foldEverything(platform);
    renderedOn = dayOf(clock.now().getTime());
    // The owner signs in as a person (made while the registration key is young) after the step.
    owner = await personFor(platform, org.token);
    // One minute past the next midnight: the daily release period (AIM_RELEASE_PERIOD) has a new release.
    const now = clock.now().getTime();
    offsetMs = Math.ceil((now + 1) / DAY_MS) * DAY_MS + 60_000 - Date.now();
    nextDay = dayOf(clock.now().getTime());
    check(nextDay > renderedOn, `the clock reached the next day (${renderedOn} → ${nextDay})`);
  }, 120_000);

  it('says as of when the downloaded report is and offers a fresh one', { timeout: 180_000 }, async () => {
    const platform = served();
    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'fresh-report');
      const { page } = s;
      await signInAs(page, platform.url, owner);
      await page.locator(`a[href$="${org.assessmentId}"]`).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      // The cohort the page opens with, the organisation's own industry: one of the two reports rendered on submission.
      await page.getByTestId('pdf-cohort').filter({ hasText: 'Compares with Technology' }).waitFor();
      const release = page.getByTestId('report-release');
      const refresh = page.getByRole('button', { name: 'Get a fresh report' });
      const beforeDownload = { said: await release.count(), offered: await refresh.count() };

      const [stored] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: 'Download PDF report' }).click(),
      ]);
      const storedReport = readBack(await stored.path());
      await refresh.waitFor();
      const staleText = squash(await release.innerText());
      await s.capture('report-not-current');

      const [fresh] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), refresh.click()]);
      const freshReport = readBack(await fresh.path());
      await release.filter({ hasText: 'the latest' }).waitFor();
      const freshText = squash(await release.innerText());
      const offeredAfter = await refresh.count();
      await s.capture('report-current');
      return {
        s,
        beforeDownload,
        storedReport,
        staleText,
        freshReport,
        freshText,
        offeredAfter,
        names: [stored.suggestedFilename(), fresh.suggestedFilename()],
      };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    // Nothing is said of a report before one is downloaded.
    expect(out.beforeDownload).toEqual({ said: 0, offered: 0 });
    const label = (day: string) =>
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
    expect(out.staleText).toBe(
      `The report's peer figures are as of the benchmark release of ${label(renderedOn)}; a newer release (${label(nextDay)}) has come out since, and a fresh report would compare with it.`,
    );
    expect(out.freshText).toBe(`The report's peer figures are as of the benchmark release of ${label(nextDay)}, the latest.`);
    expect(out.offeredAfter).toBe(0);
    // Two reports: the stored one and the fresh one, each named after the day it was made.
    expect(out.freshReport.reportId).not.toBe(out.storedReport.reportId);
    expect(out.names).toEqual([`aim-report-fresh-report-ltd-${renderedOn}.pdf`, `aim-report-fresh-report-ltd-${nextDay}.pdf`]);
  });
});
