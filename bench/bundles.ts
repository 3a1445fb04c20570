/**
 * Bundle sizes and module initialisation times of the Lambda functions, as `npm run synth`
 * builds them, against a bare Hono Lambda handler bundled with the same esbuild settings and
 * measured in the same run (interleaved, fresh process per sample).
 *
 *   npm run bench:bundles            # writes bench/bundles.json and its section of bench/RESULTS.md
 *   BENCH_SAMPLES=30 npm run bench:bundles
 *
 * Each function is also built the other way round as to the AWS SDK (bundled where the stack
 * takes the runtime's, and the reverse; infra/lib/aim-function.ts AWS_SDK_BUNDLED_FOR) with
 * bench/lambda-build.ts, so both figures of that choice come from one run (docs/cold-starts.md).
 * The "was" figures are those of bench/bundles-before-21.json (the run before issue 21's work).
 *
 * Work a handler moves to its first invocation is not in module init, so the api (both SDK
 * builds) and the bare Hono handler are also measured as module init plus the first request
 * handled (bench/fixtures/first-request.mjs), in the same fresh processes: GET /v1/taxonomy
 * for the api (it wires the whole app: configuration, catalogue, services, routes, SDK
 * clients, and needs no database), GET /health for the bare handler.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWS_SDK_BUNDLED_FOR, REPO_ROOT } from '../infra/lib/aim-function';
import { assetDirOf, functionId, synthWithCli } from '../infra/support/cloud-assembly';
import { codeOf, moduleInitFilesOf, sourceMapBytesOf } from '../infra/support/lambda-bundles';
import { buildLikeLambda } from './lambda-build';
import { questionnaireDocuments } from '../questionnaires';
import { httpEvent, streamEvent, streamRecord } from '../test/lambda-bundles/events';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const API_TARGET_BYTES = 1_200_000;
// The target is for code, as in infra/aim-stack.test.ts: every questionnaire version is bundled as data (published ones stay for good).
const QUESTIONNAIRE_BYTES = questionnaireDocuments.reduce((sum, d) => sum + Buffer.byteLength(JSON.stringify(d.content)), 0);
/** Whether a bundle holds the questionnaires (each found by its title, as the test does). */
const carriesQuestionnaires = (code: string) => questionnaireDocuments.every((d) => code.includes(JSON.stringify((d.content as { title: string }).title)));

interface Bundle {
  name: string;
  dir: string;
  /** Whether the AWS SDK is inside index.mjs (else loaded from node_modules, as the runtime's). */
  sdk: 'bundled' | 'runtime';
  /** Built only for the comparison, not what the stack deploys. */
  variant?: boolean;
  /** The first event to hand the handler after its module init, if the first-event figure is measured. */
  firstRequest?: FirstEvent;
}

/** A GET as API Gateway (HTTP API, payload 2.0) hands it to the handler, as JSON for the sample process. */
const getEvent = (path: string): string => JSON.stringify(httpEvent('GET', path));
/** A first event and the answer that shows the handler took it: an HTTP status, or a batch with no failed record. */
interface FirstEvent {
  event: string;
  answer: { status: number } | 'batch taken';
}

/**
 * The first event each function is measured with: one that builds its whole wiring (configuration,
 * SDK clients, services) and needs no database or bucket. The stream functions get a batch of one
 * record of an item they do not take (an organisation's profile): nothing to fold or append. The
 * evidence routes are all for members: an unsigned request is answered 401 by the wired app.
 */
const NOTHING_TO_TAKE = JSON.stringify(streamEvent(streamRecord('1', { PK: 'ORG#bench', SK: 'PROFILE', type: 'organisation' })));
const FIRST_EVENTS: Record<string, FirstEvent> = {
  api: { event: getEvent('/v1/taxonomy'), answer: { status: 200 } },
  aggregate: { event: NOTHING_TO_TAKE, answer: 'batch taken' },
  'audit-ledger': { event: NOTHING_TO_TAKE, answer: 'batch taken' },
  evidence: { event: getEvent('/v1/evidence/template.csv'), answer: { status: 401 } },
};
const BARE_FIRST_EVENT: FirstEvent = { event: getEvent('/health'), answer: { status: 200 } };

/** The functions whose other SDK choice is measured too: entry and service name. */
const SDK_COMPARISON = [
  { name: 'api', entry: 'functions/handlers/api.ts', service: 'aim-api' },
  { name: 'aggregate', entry: 'functions/handlers/aggregate.ts', service: 'aim-aggregate' },
  { name: 'evidence', entry: 'functions/handlers/evidence.ts', service: 'aim-evidence' },
  { name: 'audit-ledger', entry: 'functions/handlers/audit-ledger.ts', service: 'aim-audit-ledger' },
  { name: 'report', entry: 'functions/handlers/report.ts', service: 'aim-report' },
];

const sdkOf = (service: string): Bundle['sdk'] => (AWS_SDK_BUNDLED_FOR.has(service) ? 'bundled' : 'runtime');

/** The figures before issue 21 (function -> row), for the "was" columns. */
function previousFigures(): Map<string, { initVsBareHono: number; codeBytes: number }> {
  const file = join(REPO_ROOT, 'bench', 'bundles-before-21.json');
  if (!existsSync(file)) return new Map();
  const before = JSON.parse(readFileSync(file, 'utf8')) as { rows: { function: string; initVsBareHono: number; codeBytes: number }[] };
  return new Map(before.rows.map((r) => [r.function, r]));
}

/**
 * A handler with nothing but the observability every AIM function creates at module init
 * (bench/fixtures/observability-shell.ts): a reference row, so that what a function loads
 * beyond that shell shows apart from what the shell itself costs.
 */
async function observabilityShell(outdir: string): Promise<Bundle> {
  const dir = join(outdir, 'observability-shell');
  await buildLikeLambda(join(REPO_ROOT, 'bench', 'fixtures', 'observability-shell.ts'), dir);
  return { name: SHELL, dir, sdk: 'runtime', variant: true, firstRequest: BARE_FIRST_EVENT };
}

const SHELL = 'observability shell (reference, not deployed)';

async function bareHono(outdir: string): Promise<Bundle> {
  const dir = join(outdir, 'bare-hono');
  await buildLikeLambda(join(REPO_ROOT, 'bench', 'fixtures', 'bare-hono.ts'), dir);
  return { name: 'bare Hono handler', dir, sdk: 'runtime', firstRequest: BARE_FIRST_EVENT };
}

const BENCH_ENV = {
  PATH: process.env.PATH,
  AIM_TABLE_NAME: 'aim-bench',
  // As deployed: the audit ledger writes to its bucket (no call is made for a batch with nothing to append).
  AIM_AUDIT_LEDGER_BUCKET: 'aim-bench-audit-ledger',
  AWS_REGION: 'eu-west-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  NODE_OPTIONS: '--enable-source-maps',
};

/**
 * One fresh Node process (bench/fixtures/first-request.mjs): milliseconds from `import()` start
 * to the module being evaluated and, for a bundle with a first event, to that event's answer.
 * Every bundle is measured by the same script, loaded as the Lambda runtime loads a handler:
 * from a main module, with Node's ESM loader already running.
 */
function sample(bundle: Bundle): { initMs: number; firstMs?: number } {
  const out = execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'bench', 'fixtures', 'first-request.mjs'), ...(bundle.firstRequest ? [bundle.firstRequest.event] : [])],
    {
      cwd: bundle.dir,
      env: BENCH_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!bundle.firstRequest) return { initMs: (JSON.parse(out.trim().split('\n').at(-1)!) as { initMs: number }).initMs };
  // The handler's own log lines go to stdout too: the figure is the last line.
  const figure = JSON.parse(out.trim().split('\n').at(-1)!) as { initMs: number; firstMs: number; status: number | null; failedRecords: number | null };
  const expected = bundle.firstRequest.answer;
  const taken = expected === 'batch taken' ? figure.failedRecords === 0 : figure.status === expected.status;
  if (!taken) throw new Error(`${bundle.name}: the first event was answered ${JSON.stringify(figure)}, not ${JSON.stringify(expected)}`);
  return { initMs: figure.initMs, firstMs: figure.firstMs };
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
    const deployed = (name: string, service: string): Bundle => ({ name, dir: assetDirOf(assembly, functionId(assembly, service)), sdk: sdkOf(service) });
    const bundles: Bundle[] = [
      baseline,
      { ...deployed('api', 'aim-api'), firstRequest: FIRST_EVENTS.api },
      { ...deployed('aggregate', 'aim-aggregate'), firstRequest: FIRST_EVENTS.aggregate },
      deployed('report', 'aim-report'),
      { ...deployed('evidence', 'aim-evidence'), firstRequest: FIRST_EVENTS.evidence },
      { ...deployed('audit-ledger', 'aim-audit-ledger'), firstRequest: FIRST_EVENTS['audit-ledger'] },
      deployed('oidc-client-secret-rotation', 'aim-oidc-client-secret-rotation'),
      await observabilityShell(assembly.outdir),
    ];
    // The other side of the AWS SDK choice, built with the same esbuild settings.
    for (const f of SDK_COMPARISON) {
      const bundleAwsSdk = sdkOf(f.service) === 'runtime';
      const dir = join(assembly.outdir, 'sdk-comparison', f.name);
      await buildLikeLambda(join(REPO_ROOT, f.entry), dir, { bundleAwsSdk });
      bundles.push({
        name: `${f.name}, SDK ${bundleAwsSdk ? 'bundled' : 'from the runtime'} (comparison, not deployed)`,
        dir,
        sdk: bundleAwsSdk ? 'bundled' : 'runtime',
        variant: true,
        ...(FIRST_EVENTS[f.name] ? { firstRequest: FIRST_EVENTS[f.name] } : {}),
      });
    }

    const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    const firstTimes = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    for (const b of bundles) sample(b); // warm the file cache once
    for (let i = 0; i < SAMPLES; i++)
      for (const b of bundles) {
        const s = sample(b);
        times.get(b.name)!.push(s.initMs);
        if (s.firstMs !== undefined) firstTimes.get(b.name)!.push(s.firstMs);
      }
    const baseMs = median(times.get(baseline.name)!);
    const baseFirstMs = median(firstTimes.get(baseline.name)!);
    const firstRequestFigures = (b: Bundle) => {
      const xs = firstTimes.get(b.name)!;
      if (xs.length === 0) return {};
      return { firstRequestMedianMs: Number(median(xs).toFixed(1)), firstRequestVsBareHono: Number((median(xs) / baseFirstMs).toFixed(2)) };
    };

    const was = previousFigures();
    const rows = bundles.map((b) => {
      // index.mjs and its chunks (infra/lib/function-code.ts); module init loads index.mjs and its static imports.
      const code = codeOf(b.dir);
      const initBytes = moduleInitFilesOf(b.dir).reduce((n, f) => n + statSync(join(b.dir, f)).size, 0);
      const before = b.variant ? undefined : was.get(b.name);
      return {
        function: b.name,
        awsSdk: b.sdk,
        bytes: code.length,
        codeBytes: code.length - (carriesQuestionnaires(code.toString('utf8')) ? QUESTIONNAIRE_BYTES : 0),
        gzipBytes: gzipSync(code).length,
        initBytes,
        sourceMapBytes: sourceMapBytesOf(b.dir),
        containsReactPdf: code.includes('@react-pdf'),
        initMedianMs: Number(median(times.get(b.name)!).toFixed(1)),
        initVsBareHono: Number((median(times.get(b.name)!) / baseMs).toFixed(2)),
        ...firstRequestFigures(b),
        wasCodeBytes: before?.codeBytes,
        wasInitVsBareHono: before?.initVsBareHono,
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
    // Every run of this version is reported, not only the last (bench/bundles-runs.json; empty it when the code changes).
    const runsFile = join(REPO_ROOT, 'bench', 'bundles-runs.json');
    const runs: Run[] = existsSync(runsFile) ? (JSON.parse(readFileSync(runsFile, 'utf8')) as Run[]) : [];
    runs.push({
      at: `${new Date().toISOString().slice(0, 16)}Z`,
      loadAverage1m: machine.loadAverage1m,
      samples: SAMPLES,
      ratios: Object.fromEntries(rows.map((r) => [r.function, r.initVsBareHono])),
      bareMs: rows[0]!.initMedianMs,
      firstRequestRatios: Object.fromEntries(rows.flatMap((r) => (r.firstRequestVsBareHono === undefined ? [] : [[r.function, r.firstRequestVsBareHono]]))),
      bareFirstRequestMs: rows[0]!.firstRequestMedianMs,
    });
    writeFileSync(runsFile, `${JSON.stringify(runs, null, 2)}\n`);
    console.table(rows);
    writeResults({ ...result, runs });
    if (!result.apiWithinTarget) {
      console.error(`api bundle misses its target: ${api.codeBytes} bytes of code (target < ${API_TARGET_BYTES}), @react-pdf inside: ${api.containsReactPdf}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(assembly.outdir, { recursive: true, force: true });
  }
}

interface Run {
  at: string;
  loadAverage1m: number;
  samples: number;
  ratios: Record<string, number>;
  bareMs: number;
  /** Module init plus the first request, vs the bare Hono handler's (runs since the figure exists). */
  firstRequestRatios?: Record<string, number>;
  bareFirstRequestMs?: number;
}

/** The short name of a row: `api`, or `api (SDK bundled)` for a comparison row. */
const shortName = (row: string) =>
  row.replace(
    /, SDK (bundled|from the runtime) \(comparison, not deployed\)$/,
    (_, sdk: string) => ` (SDK ${sdk === 'bundled' ? 'bundled' : 'of the runtime'})`,
  );

/** A run's init + first event ratios, for the runs that measured them. */
function firstRequestText(run: Run): string {
  if (!run.firstRequestRatios) return '';
  const ratios = Object.entries(run.firstRequestRatios).filter(([f]) => f !== 'bare Hono handler');
  return `; init + first event (bare Hono ${run.bareFirstRequestMs} ms): ${ratios.map(([f, x]) => `${shortName(f)} ${x}×`).join(', ')}`;
}

/** The observability shell's own module init, and the aggregator's over it (runs since the reference row exists). */
function shellText(run: Run): string {
  const shell = run.ratios[SHELL];
  const aggregate = run.ratios.aggregate;
  if (shell === undefined || aggregate === undefined) return '';
  return `; observability shell alone ${shell}×, aggregate ${(aggregate / shell).toFixed(2)}× of it`;
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
  runs: Run[];
}) {
  const kb = kbOf;
  const table = [
    '| function | AWS SDK | code: index.mjs and chunks (minified) | of it code (without questionnaires) | loaded at module init | gzip | source maps | @react-pdf inside | module init, median | vs bare Hono | init + first event, median | vs bare Hono |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (x) =>
        `| ${x.function} | ${x.awsSdk} | ${kb(x.bytes)} | ${kb(x.codeBytes)}${x.wasCodeBytes === undefined ? '' : ` (was ${kb(x.wasCodeBytes)})`} | ${kb(x.initBytes)} | ${kb(x.gzipBytes)} | ${kb(x.sourceMapBytes)} | ${x.containsReactPdf ? 'yes' : 'no'} | ${x.initMedianMs} ms | ${x.initVsBareHono}×${x.wasInitVsBareHono === undefined ? '' : ` (was ${x.wasInitVsBareHono}×)`} | ${x.firstRequestMedianMs === undefined ? '' : `${x.firstRequestMedianMs} ms`} | ${x.firstRequestVsBareHono === undefined ? '' : `${x.firstRequestVsBareHono}×`} |`,
    ),
  ].join('\n');
  const section = [
    START,
    '## Lambda bundles (`npm run bench:bundles`)',
    '',
    `Measured ${r.date} on ${r.machine.nproc} × ${r.machine.cpu}, Node ${r.machine.node} (load average ${r.machine.loadAverage1m} at the end: shared machine); ${r.samples} fresh processes per bundle, interleaved.`,
    'Bundles are the assets of `npm run synth` (stage dev): minified ESM split at every dynamic import into index.mjs and chunk files (infra/lib/function-code.ts); the AWS SDK v3 left to the Lambda runtime (`runtime`) or bundled, pinned and tree-shaken (`bundled`), as infra/lib/aim-function.ts chooses per function.',
    'The rows marked "comparison" are the same entry built the other way round as to the SDK (bench/lambda-build.ts), so both figures of that choice are from this run.',
    'Module init = time for `import()` of index.mjs to finish (index.mjs and the chunks it imports statically: "loaded at module init"), from a main module as the Lambda runtime imports a handler (bench/fixtures/first-request.mjs), with NODE_OPTIONS=--enable-source-maps as deployed and the runtime SDK in node_modules as on Lambda. The handlers build their wiring, and load X-Ray, on the first invocation (docs/cold-starts.md), so that work is not in this figure;',
    'Init + first event = the same fresh process, until the handler has answered its first event: GET /v1/taxonomy for the api (builds the whole wiring, needs no database); for aggregate and audit-ledger a stream batch of one record they do not take (configuration, SDK client and store built; nothing written); for evidence an unsigned GET /v1/evidence/template.csv (answered 401 by the wired app); GET /health for the bare Hono handler. Work moved from module init to the first invocation shows here: this is what the first request of a new instance waits for.',
    'The runtime SDK is loaded by `require` where the bundle first uses it (infra/lib/function-code.ts `RUNTIME_AWS_SDK_PACKAGES`).',
    "Reference row: a handler with nothing but the observability every AIM function creates at module init (Powertools' Logger and Metrics, AIM's secret masking; no Hono; bench/fixtures/observability-shell.ts), so that a function's own share of module init shows apart from the shell's.",
    `baseline: a bare Hono handler (bench/fixtures/bare-hono.ts) bundled with the same esbuild settings. Target: api code under 1.2 MB, not counting the questionnaire versions bundled as data (${kbOf(r.questionnaireBytes)} here; 1 MB until agent tokens brought jose in, 1.1 MB until sign-in for people brought openid-client), no @react-pdf.`,
    'Local figures: compare ratios, not absolute times (Lambda arm64 CPUs differ; cold starts add runtime start-up). "was": the run before issue 21 (bench/bundles-before-21.json; 9 samples, load average 4.5), measured then by `node -e "await import(...)"`, which also counts starting the ESM loader and so flatters ratios towards 1 (docs/cold-starts.md).',
    '',
    table,
    '',
    "AWS SDK decision (infra/lib/aim-function.ts `AWS_SDK_BUNDLED_FOR`): bundled for aggregate, audit-ledger and evidence, whose init + first event is shorter bundled than with the runtime's SDK (the comparison rows; since the split, neither choice loads the SDK at module init) and where no size budget applies;",
    `the runtime's for the api, whose code would pass its 1.2 MB budget with the SDK inside (see its comparison row). Report and rotation functions: the runtime's. Reasons and profile: docs/cold-starts.md.`,
    '',
    'Every run of this version (module init vs bare Hono, then init + first event; bench/bundles-runs.json):',
    '',
    ...r.runs.map(
      (run) =>
        `- ${run.at.replace('T', ' ')} (load ${run.loadAverage1m}, ${run.samples} samples, bare Hono ${run.bareMs} ms): ${[
          'api',
          'aggregate',
          'report',
          'evidence',
          'audit-ledger',
        ]
          .map((f) => `${f} ${run.ratios[f]}×`)
          .join(
            ', ',
          )}; api with the SDK bundled ${Object.entries(run.ratios).find(([f]) => f.startsWith('api, SDK'))?.[1]}×${shellText(run)}${firstRequestText(run)}`,
    ),
    END,
  ].join('\n');
  const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const next = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

await main();
