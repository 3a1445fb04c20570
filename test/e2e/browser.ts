/**
 * Browser helpers for the end-to-end tests: Debian's Chromium through playwright-core,
 * screenshots that also check for sideways scrolling, and axe-core run inside the page.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
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

export const WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const SCREENSHOT_ROOT = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`browser check failed: ${message}`);
}

export async function withBrowser<T>(run: (context: BrowserContext) => Promise<T>, viewport = PHONE): Promise<T> {
  const profile = await mkdtemp(path.join(tmpdir(), 'aim-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport,
  });
  try {
    return await run(context);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** One page under test: errors collected, numbered screenshots, axe after each screenshot. */
export class Session {
  readonly pageErrors: string[] = [];
  readonly axeFindings: AxeFinding[] = [];
  readonly axePages: string[] = [];
  private shot = 0;

  constructor(
    readonly page: Page,
    readonly dir: string,
  ) {
    page.setDefaultTimeout(20_000);
    void mkdir(dir, { recursive: true });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  static async open(context: BrowserContext, folder: string): Promise<Session> {
    const dir = path.join(SCREENSHOT_ROOT, folder);
    await mkdir(dir, { recursive: true });
    const page = context.pages()[0] ?? (await context.newPage());
    return new Session(page, dir);
  }

  /** Screenshot, no sideways scrolling at this width, and no serious or critical axe violations. */
  async capture(name: string, options: { axe?: boolean } = {}) {
    const { page } = this;
    this.shot += 1;
    await page.screenshot({ path: path.join(this.dir, `${String(this.shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.parentElement?.closest('.table-wrap'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { by: document.documentElement.scrollWidth - width, wide };
    });
    check(overflow.by <= 0, `page "${name}" scrolls sideways by ${overflow.by}px at ${page.viewportSize()?.width}px wide (${overflow.wide.join(', ')})`);
    if (options.axe !== false) await this.axe(name);
  }

  async axe(name: string) {
    const { page } = this;
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const w = window as unknown as { axe: typeof axe };
      const result = await w.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    this.axePages.push(name);
    for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') this.axeFindings.push({ page: name, ...v });
  }
}

/** Waits until the save indicator says everything is saved. */
export async function waitSaved(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.getAttribute('data-state') === 'saved', undefined, {
    timeout: 20_000,
  });
}

/** The element that has focus, described for keyboard-only driving. */
export async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const input = el as HTMLInputElement;
    return {
      tag: el.tagName.toLowerCase(),
      type: input.type ?? '',
      checked: !!input.checked,
      text: (el.textContent ?? '').trim().slice(0, 80),
      name: input.name ?? '',
      question: el.closest('.question')?.id ?? null,
      groupAnswered: input.name ? !!document.querySelector(`input[name="${CSS.escape(input.name)}"]:checked`) : false,
      notApplicable: !!el.closest('.not-applicable'),
      inAlert: !!el.closest('[role="alert"]'),
    };
  });
}
