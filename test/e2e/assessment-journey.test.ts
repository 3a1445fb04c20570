/**
 * Browser end to end: the real platform (API + web app on one origin, DynamoDB Local in
 * memory) driven through Chromium along a respondent's whole journey.
 * Needs `npm run build:web` first (the `test` script does it).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from '../../functions/local/platform';
import { runJourney, withBrowser } from './journey';

const webDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const screenshotDir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

describe('assessment journey in the browser', () => {
  let platform: Platform | undefined;
  const log: string[] = [];

  beforeAll(async () => {
    if (!existsSync(`${webDir}index.html`)) {
      throw new Error(`The web app is not built: ${webDir}index.html is missing. Run \`npm run build:web\` before this test.`);
    }
    if (!existsSync('/usr/bin/chromium')) {
      throw new Error('Chromium is missing at /usr/bin/chromium (Debian package `chromium`).');
    }
    platform = await startPlatform({
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableName: `e2e-${randomUUID().slice(0, 8)}`,
      webDir,
      log: (line) => log.push(line),
    });
    console.log(`e2e screenshots: ${screenshotDir}`);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('registers, answers, reloads, submits, shows results and downloads the PDF', { timeout: 240_000 }, async () => {
    const url = platform!.url;
    const result = await withBrowser((context) => runJourney(context, url, screenshotDir, 'Zürich Ærø Łódź Ltd')).catch((e: unknown) => {
      if (log.length) console.error(`platform log (last 40 lines):\n${log.slice(-40).join('\n')}`);
      throw e;
    });

    expect(result.pageErrors).toEqual([]);
    expect(result.answered).toBeGreaterThan(0);
    expect(result.domainRows.length).toBeGreaterThan(0);
    expect(result.overall).toMatch(/Level [1-5]/);
    expect(result.pdfFilename).toBe(`aim-report-${result.assessmentId}.pdf`);
    expect(result.pdfBytes).toBeGreaterThan(1000);
  });
});
