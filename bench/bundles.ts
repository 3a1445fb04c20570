/**
 * Bundle sizes and module initialisation times of the Lambda functions, as `npm run synth`
 * builds them, against a bare Hono Lambda handler bundled with the same esbuild settings and
 * measured in the same run (interleaved, fresh process per sample).
 *
 *   npm run bench:bundles            # writes bench/bundles.json and its section of bench/RESULTS.md
 *   BENCH_SAMPLES=30 npm run bench:bundles
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../infra/lib/aim-function';
import { assetDirOf, functionId, synthWithCli } from '../infra/support/cloud-assembly';
import { buildLikeLambda } from './lambda-build';
import { questionnaireDocuments } from '../questionnaires';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const API_TARGET_BYTES = 1_200_000;
// The target is for code, as in infra/aim-stack.test.ts: every questionnaire version is bundled as data (published ones stay for good).
const QUESTIONNAIRE_BYTES = questionnaireDocuments.reduce((sum, d) => sum + Buffer.byteLength(JSON.stringify(d.content)), 0);
/** Whether a bundle holds the questionnaires (each found by its title, as the test does). */
const carriesQuestionnaires = (code: string) => questionnaireDocuments.every((d) => code.includes(JSON.stringify((d.content as { title: string }).title)));

interface Bundle {
  name: string;
  dir: string;
}

async function bareHono(outdir: string): Promise<Bundle> {
  const dir = join(outdir, 'bare-hono');
  await buildLikeLambda(join(REPO_ROOT, 'bench', 'fixtures', 'bare-hono.ts'), join(dir, 'index.mjs'));
  return { name: 'bare Hono handler', dir };
}

/** Milliseconds from `import()` start to the module being evaluated, in a fresh Node process. */
function initTime(bundle: Bundle): number {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "const t = performance.now(); await import('./index.mjs'); process.stdout.write(String(performance.now() - t));"],
    {
      cwd: bundle.dir,
      env: {
        PATH: process.env.PATH,
        AIM_TABLE_NAME: 'aim-bench',
        AWS_REGION: 'eu-west-1',
        POWERTOOLS_METRICS_DISABLED: 'true',
        NODE_OPTIONS: '--enable-source-maps',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return Number(out);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main() {
  if (!existsSync(join(REPO_ROOT, 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
  console.log('synthesizing (npm run synth, stage dev)...');
  const assembly = await synthWithCli('dev');
  try {
    // What the Lambda runtime provides (AWS SDK v3), in reach of every bundle as it is on Lambda.
    const modules = join(assembly.outdir, 'node_modules');
    mkdirSync(modules, { recursive: true });
    for (const scope of ['@aws-sdk', '@smithy']) symlinkSync(join(REPO_ROOT, 'node_modules', scope), join(modules, scope));
    const baseline = await bareHono(assembly.outdir);
    const bundles: Bundle[] = [
      baseline,
      { name: 'api', dir: assetDirOf(assembly, functionId(assembly, 'aim-api')) },
      { name: 'aggregate', dir: assetDirOf(assembly, functionId(assembly, 'aim-aggregate')) },
      { name: 'report', dir: assetDirOf(assembly, functionId(assembly, 'aim-report')) },
      { name: 'evidence', dir: assetDirOf(assembly, functionId(assembly, 'aim-evidence')) },
      { name: 'audit-ledger', dir: assetDirOf(assembly, functionId(assembly, 'aim-audit-ledger')) },
      { name: 'oidc-client-secret-rotation', dir: assetDirOf(assembly, functionId(assembly, 'aim-oidc-client-secret-rotation')) },
    ];

    const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    for (const b of bundles) initTime(b); // warm the file cache once
    for (let i = 0; i < SAMPLES; i++) for (const b of bundles) times.get(b.name)!.push(initTime(b));
    const baseMs = median(times.get(baseline.name)!);

    const rows = bundles.map((b) => {
      const code = readFileSync(join(b.dir, 'index.mjs'));
      return {
        function: b.name,
        bytes: code.length,
        codeBytes: code.length - (carriesQuestionnaires(code.toString('utf8')) ? QUESTIONNAIRE_BYTES : 0),
        gzipBytes: gzipSync(code).length,
        sourceMapBytes: statSync(join(b.dir, 'index.mjs.map')).size,
        containsReactPdf: code.includes('@react-pdf'),
        initMedianMs: Number(median(times.get(b.name)!).toFixed(1)),
        initVsBareHono: Number((median(times.get(b.name)!) / baseMs).toFixed(2)),
      };
    });
    const api = rows.find((r) => r.function === 'api')!;
    const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage1m: Number(loadavg()[0]!.toFixed(1)) };
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      date,
      machine,
      samples: SAMPLES,
      apiTargetBytes: API_TARGET_BYTES,
      questionnaireBytes: QUESTIONNAIRE_BYTES,
      apiWithinTarget: api.codeBytes < API_TARGET_BYTES && !api.containsReactPdf,
      rows,
    };
    writeFileSync(join(REPO_ROOT, 'bench', 'bundles.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.table(rows);
    writeResults(result);
    if (!result.apiWithinTarget) {
      console.error(`api bundle misses its target: ${api.codeBytes} bytes of code (target < ${API_TARGET_BYTES}), @react-pdf inside: ${api.containsReactPdf}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(assembly.outdir, { recursive: true, force: true });
  }
}

const kbOf = (n: unknown) => `${(Number(n) / 1000).toFixed(1)} kB`;

const START = '<!-- bench:bundles:start -->';
const END = '<!-- bench:bundles:end -->';

function writeResults(r: {
  date: string;
  machine: { nproc: number; cpu: string; node: string; loadAverage1m: number };
  samples: number;
  questionnaireBytes: number;
  rows: Record<string, unknown>[];
}) {
  const kb = kbOf;
  const table = [
    '| function | index.mjs (minified) | of it code (without questionnaires) | gzip | source map | @react-pdf inside | module init, median | vs bare Hono |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
    ...r.rows.map(
      (x) =>
        `| ${x.function} | ${kb(x.bytes)} | ${kb(x.codeBytes)} | ${kb(x.gzipBytes)} | ${kb(x.sourceMapBytes)} | ${x.containsReactPdf ? 'yes' : 'no'} | ${x.initMedianMs} ms | ${x.initVsBareHono}× |`,
    ),
  ].join('\n');
  const section = [
    START,
    '## Lambda bundles (`npm run bench:bundles`)',
    '',
    `Measured ${r.date} on ${r.machine.nproc} × ${r.machine.cpu}, Node ${r.machine.node} (load average ${r.machine.loadAverage1m} at the end: shared machine); ${r.samples} fresh processes per bundle, interleaved.`,
    'Bundles are the assets of `npm run synth` (stage dev): minified ESM, AWS SDK v3 left to the Lambda runtime.',
    'Module init = time for `import()` of index.mjs to finish, with NODE_OPTIONS=--enable-source-maps as deployed and the SDK loaded from node_modules as on Lambda;',
    `baseline: a bare Hono handler (bench/fixtures/bare-hono.ts) bundled with the same esbuild settings. Target: api code under 1.2 MB, not counting the questionnaire versions bundled as data (${kbOf(r.questionnaireBytes)} here; 1 MB until agent tokens brought jose in, 1.1 MB until sign-in for people brought openid-client), no @react-pdf.`,
    'Local figures: compare ratios, not absolute times (Lambda arm64 CPUs differ; cold starts add runtime start-up).',
    '',
    table,
    END,
  ].join('\n');
  const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const next = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

await main();
