/**
 * Report rendering: the median time to render the full agent-identity report (every
 * section, 7 domains, long comments) next to its plain-text floor (issue 21): the report's
 * own text, read back with pdftotext from one render, set as plain paragraphs by
 * @react-pdf/renderer with the same fonts and font handling (bench/report-floor.ts).
 * Report and floor are rendered interleaved in one process; the ratio is the figure, in wall
 * time and in the process's CPU time (steadier on a shared machine). A one-page document is
 * kept as a second baseline. Also the size of the report Lambda's bundle, built with the
 * esbuild settings of infra/lib/aim-function.ts plus the run-time files that
 * infra/lib/report-bundle.ts copies next to it.
 *
 *   npm run bench:report            # prints the figures and writes its section of bench/RESULTS.md
 *   BENCH_SAMPLES=20 npm run bench:report
 *   BENCH_NO_WRITE=1 npm run bench:report   # prints only
 */
import { cpus } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createElement as h } from 'react';
import { Document, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import { REPO_ROOT } from '../infra/lib/aim-function';
import { REPORT_FONT_FILES } from '../infra/lib/report-bundle';
import { renderReportPdf } from '../functions/adapters/pdf';
import { defaultFontDir, registerReportFonts } from '../functions/adapters/pdf/fonts';
import { paragraphsByPage, pdfText, renderFloor } from './report-floor';
import { fullReportModel } from '../test/fixtures/full-report';
import { buildLikeLambda } from './lambda-build';
import { codeOf, sourceMapBytesOf } from '../infra/support/lambda-bundles';
import { writeResultsSection } from './results-section';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10);
const WARMUP = 2;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

interface Sample {
  ms: number;
  cpuMs: number;
  bytes: number;
}

async function time(fn: () => Promise<Buffer>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, bytes: out.length };
}

async function renderTimes() {
  const model = fullReportModel();
  const fontFamily = registerReportFonts();
  const onePage = () =>
    renderToBuffer(
      h(Document, null, h(Page, { size: 'A4', style: { fontFamily, padding: 44 } }, h(Text, null, `One page for ${model.cover.organisation.name}.`))),
    );
  const full = () => renderReportPdf(model);
  // The floor's text is the report's own, read back from one render.
  const text = pdfText(await full());
  const paragraphs = paragraphsByPage(text);
  const floor = () => renderFloor(paragraphs);
  for (let i = 0; i < WARMUP; i++) {
    await full();
    await floor();
    await onePage();
  }
  const fullS: Sample[] = [];
  const floorS: Sample[] = [];
  const oneMs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Interleaved, so that a slow moment on the shared machine hits all alike.
    fullS.push(await time(full));
    floorS.push(await time(floor));
    oneMs.push((await time(onePage)).ms);
  }
  const pdf = await full();
  const floorPdf = await floor();
  const pagesOf = (b: Buffer) => (b.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  return {
    full: median(fullS.map((s) => s.ms)),
    fullCpu: median(fullS.map((s) => s.cpuMs)),
    floor: median(floorS.map((s) => s.ms)),
    floorCpu: median(floorS.map((s) => s.cpuMs)),
    onePage: median(oneMs),
    fullBytes: pdf.length,
    pages: pagesOf(pdf),
    floorPages: pagesOf(floorPdf),
    floorParagraphs: paragraphs.reduce((n, p) => n + p.length, 0),
    textChars: text.length,
  };
}

async function bundleSize() {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-report-bundle-'));
  try {
    await buildLikeLambda(join(REPO_ROOT, 'functions', 'handlers', 'report.ts'), outdir);
    // index.mjs and its chunks (react-pdf is one of them, loaded at the first render).
    const code = codeOf(outdir);
    const map = sourceMapBytesOf(outdir);
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

/**
 * The figures before issue 21's render work: this script, floor included, run on 2026-12-06 on
 * the code as it was (git HEAD before the change), on the same shared 2-core machine, heavily
 * loaded at the time. Kept beside the new ones, as the issue asks.
 */
const WAS = {
  full: '7608 ms (24 pages, 182.8 kB); 1669 ms on 2026-11-28',
  floor: '1791 ms',
  ratio: '4.25×',
  ratioCpu: '3.81× (2762 / 725 ms)',
};

async function main() {
  const render = await renderTimes();
  const bundle = await bundleSize();
  const ratioFloor = render.full / render.floor;
  const ratioFloorCpu = render.fullCpu / render.floorCpu;
  const ratio = render.full / render.onePage;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    '<!-- bench:report:start -->',
    '## Report rendering (`npm run bench:report`)',
    '',
    `Measured ${date} on ${machine}; median of ${SAMPLES} interleaved renders after ${WARMUP} warm-up renders each, in one process.`,
    'Full report: the agent-identity questionnaire 1.0.0 with every section, 7 domain pages, long comments and two earlier',
    "submissions (test/fixtures/full-report.ts). Floor (issue 21): the same report's text, read back with pdftotext, set as",
    'plain paragraphs by react-pdf with the same fonts and font handling (bench/report-floor.ts: font data dropped before every',
    'document, the glyph-coverage mapping applied), one wrapping page per report page, the first paragraph of each bold.',
    "CPU time is the process's user + system time during each render, steadier than wall time on a shared machine.",
    'Target: report ≤ 1.5× the floor. "Was": before the render work of issue 21 (docs/reports.md, "Render time").',
    '',
    '| what | figure | was |',
    '| --- | ---: | ---: |',
    `| full report, median render | ${render.full.toFixed(0)} ms (${render.pages} pages, ${kB(render.fullBytes)}) | ${WAS.full} |`,
    `| plain-text floor, median render | ${render.floor.toFixed(0)} ms (${render.floorParagraphs} paragraphs, ${render.textChars} characters, ${render.floorPages} pages) | ${WAS.floor} |`,
    `| **ratio report / floor, wall time** | **${ratioFloor.toFixed(2)}×** | ${WAS.ratio} |`,
    `| **ratio report / floor, CPU time** | **${ratioFloorCpu.toFixed(2)}×** (${render.fullCpu.toFixed(0)} / ${render.floorCpu.toFixed(0)} ms) | ${WAS.ratioCpu} |`,
    `| one-page document, median render | ${render.onePage.toFixed(1)} ms (ratio full / one page ${ratio.toFixed(0)}×) | |`,
    `| report bundle code, index.mjs and its chunks (minified, AWS SDK external) | ${kB(bundle.code)} (gzip ${kB(bundle.gzip)}) | |`,
    `| source map | ${kB(bundle.map)} | |`,
    `| fonts (DejaVu Sans regular + bold) + pdfkit standard-font metrics | ${kB(bundle.fonts)} + ${kB(bundle.metrics)} | |`,
    `| report function asset, total | ${kB(bundle.total)} | |`,
    '<!-- bench:report:end -->',
  ].join('\n');
  console.log(section);
  if (process.env.BENCH_NO_WRITE !== '1') writeResultsSection('report', section);
}

await main();
