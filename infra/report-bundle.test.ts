import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AimFunction } from './lib/aim-function';
import { cdkJsonContext } from './lib/cdk-json';
import { reportBundlingHooks } from './lib/report-bundle';
import { stageSettings } from './lib/stage';

/*
 * Bundles a small react-pdf program with the report Lambda's exact settings and runs it
 * from the asset directory alone (no node_modules around it), as Lambda would.
 * Guards the ESM require shim, pdfkit's standard-font metrics and the DejaVu fonts.
 */
let outdir: string;
let assetDir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'aim-report-bundle-'));
  const app = new App({ outdir, context: cdkJsonContext() });
  const stack = new Stack(app, 'ReportBundleProbe');
  new AimFunction(stack, 'Probe', {
    settings: stageSettings('dev'),
    entry: 'infra/fixtures/pdf-probe.tsx',
    description: 'bundling probe',
    serviceName: 'probe',
    commandHooks: reportBundlingHooks,
  });
  app.synth();
  const [asset] = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  if (!asset) throw new Error('no asset produced');
  assetDir = join(outdir, asset);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

it('renders a PDF from the bundle alone, with standard and DejaVu fonts', () => {
  const base64 = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(await m.handler());"],
    { cwd: assetDir, env: { PATH: process.env.PATH, AIM_FONTS_DIR: join(assetDir, 'fonts') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pdf = Buffer.from(base64, 'base64');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  const file = join(outdir, 'probe.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Helvetica line');
  expect(text).toContain('Zażółć gęślą jaźń ✓');
});
