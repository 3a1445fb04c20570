/**
 * Visual regression for the browser tests: a page's viewport, with what changes from run to
 * run (dates, ids, secrets) painted over, compared with a committed baseline in
 * test/e2e/baselines/ (test/support/visual-diff.ts holds the tolerance). The screenshot,
 * and when it fails the difference, land in test-output/visual/.
 *
 * `AIM_UPDATE_BASELINES=1` records the screenshots as the new baselines instead: review
 * them (`git diff --stat test/e2e/baselines`, and look at them) before committing.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { compareScreenshots, describeComparison } from '../support/visual-diff';

export const BASELINE_DIR = fileURLToPath(new URL('./baselines/', import.meta.url));
export const VISUAL_OUTPUT = fileURLToPath(new URL('../../test-output/visual/', import.meta.url));

const recording = () => process.env.AIM_UPDATE_BASELINES === '1';

/** Dates and times as the web app writes them (Intl medium dates, release days, ISO). */
const DATE_TEXT =
  /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}|\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}|\d{4}-\d{2}-\d{2}/;

/** A date with the time of day the web app may write after it ("Dec 5, 2026, 1:06 AM"). */
const DATE_TIME_TEXT = new RegExp(`(${DATE_TEXT.source})(, \\d{1,2}:\\d{2}(:\\d{2})?(\\s[AP]M)?)?`);

/** Ids the platform generates (organisations, assessments, keys). */
const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** What differs between two runs of the same journey: masked in every screenshot. */
export function volatileParts(page: Page): Locator[] {
  return [page.locator('[data-volatile], code, input[readonly]'), page.getByText(DATE_TEXT), page.getByText(UUID_TEXT)];
}

/**
 * Screenshots the viewport as `name` and compares it with its baseline: scrolled to the top,
 * or with `at` at the top when given. Answers null when it matches (or was recorded),
 * otherwise what differed.
 */
export async function matchesBaseline(page: Page, name: string, at?: Locator): Promise<string | null> {
  await mkdir(VISUAL_OUTPUT, { recursive: true });
  // Nothing still loading (the web app marks what it waits for with aria-busy).
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  // Focus rings and hover states depend on where the last click happened.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  // A masked date still lays out at its own width ("1:06 AM" is narrower than "10:34 PM"),
  // moving table columns and wrapping lines: every date is written the same while shot.
  const restore = await page.evaluateHandle(
    ({ pattern, fixed }) => {
      const re = new RegExp(pattern, 'g');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const changed: [Text, string][] = [];
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const text = node.nodeValue ?? '';
        const same = text.replace(re, fixed);
        if (same !== text) {
          changed.push([node, text]);
          node.nodeValue = same;
        }
      }
      return () => {
        for (const [node, text] of changed) node.nodeValue = text;
      };
    },
    { pattern: DATE_TIME_TEXT.source, fixed: 'Jan 1, 2000, 12:00 PM' },
  );
  const actual = await page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    mask: volatileParts(page),
    maskColor: '#8f8f8f',
  });
  await restore.evaluate((undo) => undo());
  await restore.dispose();
  await writeFile(path.join(VISUAL_OUTPUT, `${name}.png`), actual);
  const baselineFile = path.join(BASELINE_DIR, `${name}.png`);
  if (recording()) {
    await mkdir(BASELINE_DIR, { recursive: true });
    await writeFile(baselineFile, actual);
    return null;
  }
  if (!existsSync(baselineFile)) return `${name}: no baseline at ${path.relative(process.cwd(), baselineFile)} (record one with AIM_UPDATE_BASELINES=1)`;
  const result = compareScreenshots(await readFile(baselineFile), actual);
  if (result.kind === 'pixels' && result.within) return null;
  if (result.kind === 'pixels') await writeFile(path.join(VISUAL_OUTPUT, `${name}.diff.png`), result.diff);
  return describeComparison(name, result);
}
