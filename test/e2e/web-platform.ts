/**
 * The platform serving the built web app for one browser test file, and signing in the
 * way a person does: by pasting an access key.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestPlatform } from '../support/platform-fixture';
import { WEB_DIR } from './browser';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

/** Starts the platform before the file's tests and stops it after; call inside `describe`. */
export function servedWebApp(env: Record<string, string> = {}): () => TestPlatform {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}index.html`)) throw new Error(`The web app is not built: run \`npm run build:web\` first (${WEB_DIR}index.html is missing).`);
    if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing at /usr/bin/chromium (Debian package `chromium`).');
    platform = await startTestPlatform({ webDir: WEB_DIR, env });
  });
  afterAll(async () => {
    await platform?.stop();
  });
  return () => {
    if (!platform) throw new Error('the platform is not started yet');
    return platform;
  };
}

/** Signs out whoever is signed in, then in with `key` (the app works out the role). */
export async function signIn(page: Page, url: string, key: string) {
  await page.goto(url);
  const signOut = page.getByRole('button', { name: /^Sign out/ });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel('Access key').fill(key);
  await page.getByRole('button', { name: 'Continue' }).click();
}
