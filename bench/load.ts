/**
 * `npm run bench:load [-- --duration 60 --orgs 40]`: the platform (in process) on an
 * in-memory DynamoDB Local, loaded by many organisations at once (bench/load-mix.ts)
 * for `--duration` seconds; then every acknowledged answer is read back with its audit
 * event (bench/load-ledger.ts), and the overhead and read figures are measured
 * (bench/load-figures.ts). Prints the results and writes its section of
 * bench/RESULTS.md; exits 1 when a bar is missed (any 5xx, any lost write, overhead
 * over 1.2, read under 0.8).
 */
import { mintPlatformAdminKey } from '../test/support/people';
import '../functions/local/quiet-warnings';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startPlatform } from '../functions/local/platform';
import { measureOverhead, measureRead } from './load-figures';
import { jsonClient } from './load-http';
import { AnswerLedger } from './load-ledger';
import { QUESTIONNAIRE, registerOrganisations, runVirtualUser } from './load-mix';
import { LatencyRecorder } from './load-stats';
import { writeResultsSection } from './results-section';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    orgs: { type: 'string', default: '40' },
    // 600 pairs (was 300): the median holds steadier on a shared machine; the method is unchanged.
    pairs: { type: 'string', default: '600' },
    'read-seconds': { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const orgCount = Number(args.orgs);

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The overhead bar: 1.5 until issue 21, whose goal is 1.2. */
const OVERHEAD_BAR = 1.2;
/**
 * The overhead figure before issue 21's changes (the last one this section held, and the two
 * runs just before the changes, on a machine loaded by other work: the CPU a request's own work
 * takes then counts for more, on both sides of the ratio, the API's more).
 */
const OVERHEAD_WAS =
  '1.28 (9.2 / 7.1 ms, 2026-12-07 03:50–03:55 UTC, the last written run before the floor rows; 1.34 and 1.32 in the two before it), 2.14 and 2.16 (2026-12-06, two runs just before issue 21, the machine loaded by other work: raw write p50 10.6 and 26.8 ms), 1.23 on 2026-12-02 (keys then went to the API themselves)';

/**
 * The read figures before the full app served each questionnaire version from the text it
 * serialized once (2026-12-07; since 2026-12-03 it serialized the version on every request, a
 * loss of the contract change 28797db that this section's closing note still denied), and
 * before the rounds alternated which side goes first.
 */
const READ_WAS =
  '0.77 (2026-12-07 06:10–06:15 UTC, rounds alternating, the version serialized on every request); 0.85 (03:50–03:55 UTC, the full app always measured first); 0.87, 0.79, 0.74 and 0.75 in four runs at 05:37–06:07 UTC, and 0.87, 0.74, 0.74 and 0.81 in four consecutive figures of one process (a scratch run)';

async function main() {
  const logs: string[] = [];
  console.log('starting the platform with an in-memory DynamoDB Local…');
  // Every virtual user registers from 127.0.0.1: the per-client limits are raised for the benchmark only.
  const env = { AIM_AUTH_FAILURES_PER_MINUTE: '100000', AIM_REGISTRATIONS_PER_HOUR: '100000', AIM_INVITATION_ACCEPTS_PER_HOUR: '100000' };
  const platform = await startPlatform({ port: 0, env, webDir: 'web/dist', log: (line) => logs.push(line) });
  const api = jsonClient(platform.url);
  try {
    // The platform admin an operator makes with the bootstrap credential (it only grants memberships).
    const adminKey = await mintPlatformAdminKey(platform.url, platform.adminToken);
    const orgs = await registerOrganisations(api, adminKey, orgCount + 1);
    const overheadOrg = orgs.pop()!;
    const analyst = await api.post('/v1/tokens', { role: 'analyst', label: 'load analyst' }, adminKey);
    const served = await api.get(`/v1/questionnaires/${QUESTIONNAIRE.id}/versions/${QUESTIONNAIRE.version}`);
    const ledger = new AnswerLedger();
    const stats = new LatencyRecorder();

    console.log(`load: ${orgs.length} organisations, one user each, for ${duration} s…`);
    const started = performance.now();
    const deadline = started + duration * 1000;
    await Promise.all(
      orgs.map((org, i) =>
        runVirtualUser(org, {
          api,
          ledger,
          stats,
          questionnaire: served.body,
          analystToken: analyst.body.token.secret,
          until: () => performance.now() >= deadline,
          seed: 1000 + i,
        }),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    const operations = stats.summary(elapsed).sort((a, b) => b.count - a.count);
    const total = operations.reduce((s, o) => s + o.count, 0);
    const serverErrors = stats.count((s) => s === 'network error' || Number(s) >= 500);
    const otherErrors = stats.count((s) => s !== 'network error' && Number(s) >= 400 && Number(s) < 500);

    console.log('reading every acknowledged answer back…');
    const verified = await ledger.verify(api);
    await platform.drainStream();

    console.log('overhead figure…');
    const overhead = await measureOverhead(api, platform.config, overheadOrg, Number(args.pairs));
    // The overhead figure's writes are still being read off the stream: the read figure starts once they are, as the overhead figure does.
    await platform.drainStream();
    console.log('read figure…');
    const read = await measureRead(api, platform.url, Number(args['read-seconds']), 16);

    const bars = {
      serverErrors: serverErrors === 0,
      lost: verified.lost.length === 0 && verified.missingAuditEvents.length === 0,
      overhead: overhead.ratio <= OVERHEAD_BAR,
      read: read.ratio >= 0.8,
    };
    const cpu = cpus();
    const date = new Date().toISOString().slice(0, 10);
    const statusList = (s: Record<string, number>) =>
      Object.entries(s)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
    const section = [
      '<!-- bench:load:start -->',
      '## Load and acknowledged writes (`npm run bench:load`)',
      '',
      `Measured ${date} on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version} (shared machine: other work ran beside it).`,
      `The platform in process with an in-memory DynamoDB Local; ${orgs.length} organisations, one virtual user each (bounded concurrency ${orgs.length}),`,
      `for ${elapsed.toFixed(0)} s: autosave 1–3 answers at a time, submit when complete (Idempotency-Key), start the next, and read the questionnaire,`,
      "the assessment, its benchmark position and the analysts' cohort statistics in between (bench/load-mix.ts). Latencies are client-side.",
      '',
      '| operation | requests | per second | p50 | p95 | p99 | statuses |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...operations.map(
        (o) => `| ${o.operation} | ${o.count} | ${o.perSecond.toFixed(1)} | ${ms(o.p50)} | ${ms(o.p95)} | ${ms(o.p99)} | ${statusList(o.statuses)} |`,
      ),
      `| **all** | ${total} | **${(total / elapsed).toFixed(1)}** | | | | 5xx or network errors: **${serverErrors}**, 4xx: ${otherErrors} |`,
      '',
      `Read back after the run: ${verified.acknowledgedSaves} acknowledged saves on ${verified.assessments} assessments, ${verified.checkedAnswers} answers checked;`,
      `**lost answers: ${verified.lost.length}, acknowledged saves without their audit event: ${verified.missingAuditEvents.length}** (bar: 0 and 0).`,
      '',
      '| figure | measured | bar |',
      '| --- | ---: | --- |',
      `| overhead: autosave p50 through the API / p50 of the raw write it performs: TransactWriteItems + commit confirmation (${overhead.pairs} interleaved pairs, sequential) | ${ms(overhead.apiP50)} / ${ms(overhead.rawP50)} = **${overhead.ratio.toFixed(2)}**; was ${OVERHEAD_WAS} | ≤ ${OVERHEAD_BAR} (was ≤ 1.5): ${bars.overhead ? 'met' : '**missed**'} |`,
      `| the same autosave p50 / p50 of the TransactWriteItems alone (no commit confirmation) | ${ms(overhead.apiP50)} / ${ms(overhead.transactionP50)} = ${overhead.transactionRatio.toFixed(2)} | (for reference) |`,
      `| the floor: the raw write behind a bare Hono route (no middleware, authentication or validation) p50 / raw write p50 | ${ms(overhead.bareRouteP50)} / ${ms(overhead.rawP50)} = ${overhead.floorRatio.toFixed(2)} | (for reference: the HTTP hop alone) |`,
      `| the app's own share: autosave p50 / that bare route's p50 | ${ms(overhead.apiP50)} / ${ms(overhead.bareRouteP50)} = ${overhead.appRatio.toFixed(2)} | (for reference) |`,
      `| read: GET questionnaire version, full app / bare Hono route (autocannon, ${read.connections} connections, ${read.seconds} s interleaved, rounds alternating which goes first) | ${read.fullPerSecond.toFixed(0)} / ${read.barePerSecond.toFixed(0)} req/s = **${read.ratio.toFixed(2)}** (p50 ${read.fullP50.toFixed(1)} / ${read.bareP50.toFixed(1)} ms); was ${READ_WAS} | ≥ 0.8: ${bars.read ? 'met' : '**missed**'} |`,
      '',
      'Overhead: a steady autosave makes the same database calls as the raw write: its TransactWriteItems (the conditional update of the',
      'assessment, its audit event, and a check that the key its bearer token rests on is still valid, so revocation holds on the next save),',
      'then, because DynamoDB Local answers a transaction before its commit has run, one read that waits for that commit',
      '(functions/adapters/dynamodb/commit-barrier.ts; DynamoDB proper needs none). Both sides are measured through the same repository',
      'method and client settings; the second line divides by the TransactWriteItems alone, for reference. The client exchanges its key for',
      'an access token (AIM_STATIC_KEYS_ON_API=exchange-only, the default), as scripts do. Where the time went before issue 21',
      '(`npx tsx bench/autosave-profile.ts`, which counts the database calls and times the phases of each autosave): each save read the key',
      "again (two reads: its pointer, then the key), and verified the token's ES256 signature with keys imported afresh. Now the process",
      "remembers for a minute the keys it confirmed, and the key is re-checked inside the save's transaction instead (services/key-exchange.ts",
      '`principalForWrite`; a revoked or expired key fails the write, which is then authenticated in full: 401); it remembers the tokens it',
      'verified with the current signing keys (only the clock checks are made again; a key rotation forgets them), and the body limit no',
      'longer turns each request into a full web Request (functions/http/body-limit.ts). The drafts it saved are remembered too: a stale copy',
      'only fails the write condition, and the save then reads and tries again (functions/services/assessments.ts `recent`). The first save',
      "of a token in a process (and one a minute after) still reads the key and the draft. What remains is the HTTP hop to the API, Hono's",
      "middleware and validation, and the save's own checks and audit event (docs/autosave.md). The floor row times the same raw write",
      'behind a bare Hono route in the same loop: what the HTTP hop alone costs here, so the row after it is what the app itself adds.',
      'Read: the full app serves the questionnaire JSON serialized once',
      'per published version (functions/http/routes/public.ts); the bare route serializes the same document on each request.',
      '<!-- bench:load:end -->',
    ].join('\n');
    console.log(`\n${section}\n`);
    for (const line of [...verified.lost, ...verified.missingAuditEvents].slice(0, 20)) console.log(`  ${line}`);
    if (!args['no-write']) {
      writeResultsSection('load', section);
    }
    const errorLogs = logs.filter((l) => l.includes('"level":"error"'));
    if (errorLogs.length) console.log(`${errorLogs.length} error log lines, first: ${errorLogs[0]}`);
    if (!Object.values(bars).every(Boolean)) process.exitCode = 1;
  } finally {
    api.close();
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
