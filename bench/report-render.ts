/**
 * Report rendering: the median time to render the full agent-identity report (every
 * section, 7 domains, long comments) next to a one-page react-pdf document rendered in the
 * same run, interleaved (the ratio is the figure); and the size of the report Lambda's
 * bundle, built with the esbuild settings of infra/lib/aim-function.ts plus the run-time
 * files that infra/lib/report-bundle.ts copies next to it.
 *
 *   npm run bench:report            # prints the figures and writes its section of bench/RESULTS.md
 *   BENCH_SAMPLES=20 npm run bench:report
 */
import { cpus } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createElement as h } from 'react';
import { Document, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import { REPO_ROOT } from '../infra/lib/aim-function';
import { REPORT_FONT_FILES } from '../infra/lib/report-bundle';
import { renderReportPdf } from '../functions/adapters/pdf';
import { defaultFontDir, registerReportFonts } from '../functions/adapters/pdf/fonts';
import { fullReportModel } from '../test/fixtures/full-report';
import { buildLikeLambda } from './lambda-build';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10);
const WARMUP = 2;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function time(fn: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const out = await fn();
  return { ms: performance.now() - start, bytes: out.length };
}

async function renderTimes() {
  const model = fullReportModel();
  const fontFamily = registerReportFonts();
  const onePage = () =>
    renderToBuffer(
      h(Document, null, h(Page, { size: 'A4', style: { fontFamily, padding: 44 } }, h(Text, null, `One page for ${model.cover.organisation.name}.`))),
    );
  const full = () => renderReportPdf(model);
  for (let i = 0; i < WARMUP; i++) {
    await full();
    await onePage();
  }
  const fullMs: number[] = [];
  const oneMs: number[] = [];
  let fullBytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    // Interleaved, so that a slow moment on the shared machine hits both alike.
    const f = await time(full);
    fullMs.push(f.ms);
    fullBytes = f.bytes;
    oneMs.push((await time(onePage)).ms);
  }
  const pdf = await full();
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  return { full: median(fullMs), onePage: median(oneMs), fullBytes, pages };
}

async function bundleSize() {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-report-bundle-'));
  try {
    await buildLikeLambda(join(REPO_ROOT, 'functions', 'handlers', 'report.ts'), join(outdir, 'index.mjs'));
    const code = readFileSync(join(outdir, 'index.mjs'));
    const map = statSync(join(outdir, 'index.mjs.map')).size;
    const fonts = REPORT_FONT_FILES.reduce((n, f) => n + statSync(join(defaultFontDir(), f)).size, 0);
    const metricsDir = join(REPO_ROOT, 'node_modules', 'pdfkit', 'js', 'standard-fonts');
    const metrics = readdirSync(metricsDir)
      .filter((f) => !f.endsWith('.mjs'))
      .reduce((n, f) => n + statSync(join(metricsDir, f)).size, 0);
    return { code: code.length, gzip: gzipSync(code).length, map, fonts, metrics, total: code.length + map + fonts + metrics };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const START = '<!-- bench:report:start -->';
const END = '<!-- bench:report:end -->';

async function main() {
  const render = await renderTimes();
  const bundle = await bundleSize();
  const ratio = render.full / render.onePage;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    START,
    '## Report rendering (`npm run bench:report`)',
    '',
    `Measured ${date} on ${machine}; median of ${SAMPLES} interleaved renders after ${WARMUP} warm-up renders each, in one process.`,
    'Full report: the agent-identity questionnaire 1.0.0 with every section, 7 domain pages, long comments and two earlier',
    'submissions (test/fixtures/full-report.ts). Baseline: a one-page react-pdf document with the same embedded font.',
    'The report path parses its fonts again for every document (see render-report.tsx), and that cost is included.',
    '',
    '| what | figure |',
    '| --- | ---: |',
    `| full report, median render | ${render.full.toFixed(0)} ms (${render.pages} pages, ${kB(render.fullBytes)}) |`,
    `| one-page document, median render | ${render.onePage.toFixed(1)} ms |`,
    `| **ratio full / one page** | **${ratio.toFixed(1)}×** |`,
    `| report bundle index.mjs (minified, AWS SDK external) | ${kB(bundle.code)} (gzip ${kB(bundle.gzip)}) |`,
    `| source map | ${kB(bundle.map)} |`,
    `| fonts (DejaVu Sans regular + bold) + pdfkit standard-font metrics | ${kB(bundle.fonts)} + ${kB(bundle.metrics)} |`,
    `| report function asset, total | ${kB(bundle.total)} |`,
    END,
  ].join('\n');
  console.log(section);
  const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
  const current = readFileSync(file, 'utf8');
  const next = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

await main();
