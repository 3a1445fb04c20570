import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportAfterBundling } from './lib/report-bundle';
import { type BuiltBundles, buildLambdaBundles } from './support/lambda-bundles';

/*
 * Bundles a small react-pdf program with the report Lambda's exact settings and runs it
 * from the asset directory alone (no node_modules around it), as Lambda would.
 * Guards the ESM require shim, pdfkit's standard-font metrics and the DejaVu fonts.
 */
let built: BuiltBundles<'probe'>;
let assetDir: string;

beforeAll(() => {
  built = buildLambdaBundles({ probe: { entry: 'infra/fixtures/pdf-probe.tsx', serviceName: 'probe', afterBundling: reportAfterBundling } });
  assetDir = built.bundles.probe.dir;
});

afterAll(() => built?.dispose());

it('renders a PDF from the bundle alone, with standard and DejaVu fonts', () => {
  const base64 = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(await m.handler());"],
    { cwd: assetDir, env: { PATH: process.env.PATH, AIM_FONTS_DIR: join(assetDir, 'fonts') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pdf = Buffer.from(base64, 'base64');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  const file = join(built.outdir, 'probe.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Helvetica line');
  expect(text).toContain('Zażółć gęślą jaźń ✓');
});
