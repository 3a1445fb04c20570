/**
 * The respondent's journey through the web app, driven in Chromium: register, start an
 * assessment, answer every visible question (keyboard for radio groups), reload midway,
 * submit, read the results, download the PDF. Kept apart from the test file so that it
 * can run against any base URL.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface JourneyResult {
  organisationName: string;
  assessmentId: string;
  answered: number;
  domainRows: { title: string; score: string; level: string }[];
  overall: string;
  pdfBytes: number;
  pdfFilename: string;
  pageErrors: string[];
}

type Check = (condition: unknown, message: string) => void;

const check: Check = (condition, message) => {
  if (!condition) throw new Error(`journey check failed: ${message}`);
};

export async function withBrowser<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(path.join(tmpdir(), 'aim-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 375, height: 812 },
  });
  try {
    return await run(context);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

export async function runJourney(context: BrowserContext, baseUrl: string, screenshotDir: string, organisationName: string): Promise<JourneyResult> {
  await mkdir(screenshotDir, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let shot = 0;
  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({ path: path.join(screenshotDir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `page "${name}" scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px wide`);
  };

  // 1. Register.
  await page.goto(baseUrl);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await screenshot('welcome');
  await page.getByLabel('Organisation name').fill(organisationName);
  for (const field of ['Industry', 'Size', 'Region']) {
    const select = page.getByLabel(field, { exact: true });
    await page.waitForFunction((el) => (el as HTMLSelectElement).options.length > 1, await select.elementHandle());
    await select.selectOption({ index: 2 });
  }
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: `${organisationName} is registered` }).waitFor();
  const secret = await page.getByLabel('Your access key').inputValue();
  check(secret.length >= 16, 'the access key is shown after registering');
  check((await page.evaluate(() => localStorage.getItem('aim.token'))) === secret, 'the key is kept in localStorage as aim.token');
  await screenshot('access-key');
  await page.getByRole('button', { name: /continue/i }).click();

  // 2. Home: start an assessment.
  await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
  await page.getByRole('button', { name: 'Start assessment' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('button:disabled'));
  await screenshot('home');
  await page.getByRole('button', { name: 'Start assessment' }).click();
  await page.waitForURL(/#\/assessments\/[^/]+$/);
  const assessmentId = decodeURIComponent(new URL(page.url()).hash.replace('#/assessments/', ''));
  await page.getByRole('button', { name: 'Submit assessment' }).waitFor();
  await screenshot('questionnaire-empty');

  // 3a. Submitting now lists what is missing, with links that focus each question.
  await page.getByRole('button', { name: 'Submit assessment' }).click();
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /needs? an answer/ }) });
  await summary.waitFor();
  await screenshot('incomplete');
  const firstLink = summary.getByRole('link').first();
  await firstLink.click();
  const focusedInQuestion = await page.evaluate(() => !!document.activeElement?.closest('.question'));
  check(focusedInQuestion, 'an error link moves focus into its question');

  // 3b. Answer every visible question; answering can reveal more.
  const chosen = new Map<string, string>();
  const handled = new Set<string>();
  let reloaded = false;
  for (;;) {
    const ids = await page.locator('.question').evaluateAll((els) => els.map((el) => el.id));
    const next = ids.find((id) => !handled.has(id));
    if (!next) break;
    handled.add(next);
    await answerQuestion(page, next, chosen);
    await waitSaved(page);
    const total = ids.length;
    if (!reloaded && handled.size >= Math.ceil(total / 2)) {
      reloaded = true;
      await screenshot('questionnaire-half');
      await page.reload();
      await page.getByRole('button', { name: 'Submit assessment' }).waitFor();
      for (const [qid, expected] of chosen) await verifyAnswer(page, qid, expected);
      await screenshot('after-reload');
    }
  }
  check(reloaded, 'the page was reloaded midway');
  const progress = (await page.locator('.progress-label').textContent())?.trim() ?? '';
  check(new RegExp(`^${handled.size} of ${handled.size} answered$`).test(progress), `progress shows all answered, got "${progress}"`);
  await screenshot('questionnaire-complete');

  // 4. Submit.
  await page.getByRole('button', { name: 'Submit assessment' }).click();
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      title: tr.querySelector('th')?.textContent?.trim() ?? '',
      score: tr.querySelectorAll('td')[0]?.textContent?.trim() ?? '',
      level: tr.querySelectorAll('td')[1]?.textContent?.trim() ?? '',
    })),
  );
  check(rows.length > 0, 'the results table has a row per domain');
  for (const row of rows) {
    check(/^\d\.\d{2}$/.test(row.score), `domain "${row.title}" score has two decimals: "${row.score}"`);
    check(/^[1-5] (Ad hoc|Emerging|Defined|Managed|Adaptive)$/.test(row.level), `domain "${row.title}" level is named: "${row.level}"`);
  }
  const overall = (await page.locator('.overall').innerText())?.replace(/\s+/g, ' ').trim() ?? '';
  await screenshot('results');

  // 5. Download the report.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('button', { name: 'Download PDF report' }).click(),
  ]);
  const file = await download.path();
  const pdf = await readFile(file);
  check(pdf.subarray(0, 4).toString('latin1') === '%PDF', 'the downloaded file is a PDF');
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot('results-desktop');

  return {
    organisationName,
    assessmentId,
    answered: handled.size,
    domainRows: rows,
    overall,
    pdfBytes: pdf.length,
    pdfFilename: download.suggestedFilename(),
    pageErrors,
  };
}

/** Second option of each choice question (arrow key for radios, Space for a checkbox). */
async function answerQuestion(page: Page, domId: string, chosen: Map<string, string>) {
  const box = page.locator(`[id="${domId}"]`);
  const radios = box.locator('input[type="radio"]');
  const checkboxes = box.locator('input[type="checkbox"]');
  if ((await radios.count()) > 0) {
    await radios.first().focus();
    await page.keyboard.press('ArrowDown'); // moves to and selects the second option
    const value = await radios.nth(1).getAttribute('value');
    check(await radios.nth(1).isChecked(), `${domId}: the second option is selected by keyboard`);
    chosen.set(domId, value ?? '');
  } else if ((await checkboxes.count()) > 0) {
    await checkboxes.nth(1).focus();
    await page.keyboard.press('Space');
    check(await checkboxes.nth(1).isChecked(), `${domId}: the second checkbox is ticked by keyboard`);
    chosen.set(domId, (await checkboxes.nth(1).getAttribute('value')) ?? '');
  } else if ((await box.locator('input[type="number"]').count()) > 0) {
    const input = box.locator('input[type="number"]');
    const min = Number((await input.getAttribute('min')) ?? 0);
    const value = String(Math.max(min, 12));
    await input.fill(value);
    await input.blur();
    chosen.set(domId, value);
  } else {
    const text = 'Owners review agent credentials each quarter (Zürich team).';
    await box.locator('textarea').fill(text);
    await box.locator('textarea').blur();
    chosen.set(domId, text);
  }
}

async function verifyAnswer(page: Page, domId: string, expected: string) {
  const box = page.locator(`[id="${domId}"]`);
  const choice = box.locator(`input:is([type="radio"], [type="checkbox"])[value="${expected}"]`);
  if ((await choice.count()) > 0) {
    check(await choice.isChecked(), `${domId}: "${expected}" is still selected after reload`);
    return;
  }
  const field = box.locator('input[type="number"], textarea');
  const actual = await field.inputValue();
  check(actual === expected, `${domId}: "${expected}" is still filled in after reload (got "${actual}")`);
}

async function waitSaved(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.textContent?.trim() === 'Saved', undefined, { timeout: 20_000 });
}
