/**
 * `npx tsx bench/autosave-profile.ts [--saves 200] [--cpu-prof FILE]`: what one steady
 * autosave through the API does, against the raw write of bench/load-figures.ts
 * (`rawAnswerWrite`, the same write the overhead figure of `npm run bench:load` times).
 * Counts the database commands each side sends (by command name, from the SDK client's
 * `send`); times the steps of the API side (server receive to response) and the server's
 * timeline between them; and the process's CPU time per call on each side. Prints tables;
 * writes nothing (`--cpu-prof` writes the CPU profile there). For finding where the
 * autosave overhead goes (docs/autosave.md, bench/RESULTS.md "Load").
 */
import '../functions/local/quiet-warnings';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mintPlatformAdminKey } from '../test/support/people';
import { startPlatform } from '../functions/local/platform';
import { createDynamoDbStores } from '../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client';
import { DynamoDbAssessmentRepository } from '../functions/adapters/dynamodb/assessment-repository';
import { AgentService } from '../functions/services/agents';
import { AssessmentService } from '../functions/services/assessments';
import { CredentialSightingService } from '../functions/services/credential-sightings';
import { sha256 } from '../functions/services/hashing';
import { rawAnswerWrite } from './load-figures';
import { jsonClient } from './load-http';
import { CREATE_BODY, registerOrganisations } from './load-mix';

const { values: args } = parseArgs({ options: { saves: { type: 'string', default: '200' }, 'cpu-prof': { type: 'string' } } });
const saves = Number(args.saves);

let counting = false;
const counts = new Map<string, number>();
// Every database call goes through one of these two: the document client's commands, and the
// low-level client's (the commit barrier's read).
for (const clientClass of [DynamoDBClient, DynamoDBDocumentClient] as any[]) {
  const originalSend = clientClass.prototype.send;
  clientClass.prototype.send = function (this: unknown, command: any, ...rest: unknown[]) {
    if (counting) {
      const name = command?.constructor?.name ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return originalSend.call(this, command, ...rest);
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by source file (node_modules by package) and the heaviest functions, of this process's samples. */
function printProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = (url: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (!url) return '(native/gc/idle)';
    return url.replace(/^file:\/\/\/work\/main\//, '');
  };
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    const file = where(callFrame.url);
    files.set(file, (files.get(file) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000 / saves).toFixed(3)} ms/save  ${k}`)
      .join('\n');
  console.log(`CPU self time of this process, by file (per save over ${saves} saves):\n${top(files, 25)}`);
  console.log(`heaviest functions:\n${top(functions, 30)}`);
}

/**
 * The server's timeline of one autosave: its request handed over, each timed method entered
 * and left, its response finished. The gaps between consecutive marks (medians) say where the
 * time outside the methods goes: before authentication, Hono's routing, middleware, body read
 * and validation; after the service, the JSON answer and the middleware on the way out.
 */
const timeline: [string, number][] = [];
const gaps = new Map<string, number[]>();
const mark = (name: string) => timeline.push([name, performance.now()]);

/** Wall time spent inside a method, summed per save (the saves are sequential, so nothing overlaps). */
const spent = new Map<string, number>();
let dbDepth = 0;
function timeMethod(target: any, method: string, phase: string, nested = false) {
  const original = target.prototype[method];
  target.prototype[method] = async function (this: unknown, ...rest: unknown[]) {
    if (nested && dbDepth++ > 0) return original.apply(this, rest).finally(() => dbDepth--);
    if (!nested) mark(`${phase}: in`);
    const started = performance.now();
    try {
      return await original.apply(this, rest);
    } finally {
      if (nested) dbDepth--;
      else mark(`${phase}: out`);
      if (counting) spent.set(phase, (spent.get(phase) ?? 0) + performance.now() - started);
    }
  };
}

// The server's own time for a request: from Node handing it over to the response's last byte written.
let serverStarted = 0;
subscribe('http.server.request.start', () => {
  serverStarted = performance.now();
  timeline.length = 0;
  mark('request handed over');
});
subscribe('http.server.response.finish', () => {
  if (counting) spent.set('server', (spent.get('server') ?? 0) + performance.now() - serverStarted);
  mark('response finished');
  if (!counting) return;
  for (let i = 1; i < timeline.length; i++) {
    const gap = `${timeline[i - 1]![0]} -> ${timeline[i]![0]}`;
    gaps.set(gap, [...(gaps.get(gap) ?? []), timeline[i]![1] - timeline[i - 1]![1]]);
  }
});

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main() {
  // The phases of an autosave on the server; the database's time is what its client's send takes (the commit barrier's read inside it).
  timeMethod(AgentService, 'authenticateForWrite', 'authentication (token verified, key from memory)');
  timeMethod(CredentialSightingService, 'record', 'sighting');
  timeMethod(AssessmentService, 'saveAnswers', 'service');
  timeMethod(DynamoDbAssessmentRepository, 'saveAnswers', 'repository');
  timeMethod(DynamoDBDocumentClient, 'send', 'database', true);
  const platform = await startPlatform({ port: 0, webDir: 'web/dist', log: () => undefined });
  const api = jsonClient(platform.url);
  const client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: platform.config.AWS_REGION,
    requestTimeoutMs: platform.config.AIM_DB_TIMEOUT_MS,
    maxAttempts: platform.config.AIM_DB_MAX_ATTEMPTS,
  });
  try {
    const adminKey = await mintPlatformAdminKey(platform.url, platform.adminToken);
    const [org] = await registerOrganisations(api, adminKey, 1, 'Profile');
    const create = async () => (await api.post('/v1/assessments', CREATE_BODY, org!.token)).body as { id: string; revision: number };
    const viaApi = await create();
    const viaRaw = await create();
    const session = await api.get('/v1/session', org!.token);
    const actor = { tokenId: session.body.tokenId, label: session.body.label, role: session.body.role, actorType: session.body.actorType };
    const store = createDynamoDbStores(client, platform.config.AIM_TABLE_NAME).assessments;
    const tokenHash = sha256(org!.token);
    const question = 'agent-credential-source';
    const values = ['shared-service-account', 'service-account-per-agent'];
    let apiRevision = viaApi.revision;
    let rawRevision = viaRaw.revision;
    const phases: Record<string, number[]> = {};
    const apiTimes: number[] = [];
    const rawTimes: number[] = [];
    // CPU time of this process (client, server and SDK alike) per call: far less sensitive to a loaded machine than wall time.
    const apiCpuTimes: number[] = [];
    const rawCpuTimes: number[] = [];
    const step = async (i: number, keep: boolean) => {
      const answer = { value: values[i % 2]!, comment: `profile ${i}` };
      spent.clear();
      counting = keep;
      const apiCpu = process.cpuUsage();
      const res = await api.patch(`/v1/assessments/${viaApi.id}/answers`, { revision: apiRevision, answers: { [question]: answer } }, org!.token);
      counting = false;
      const apiCpuMs = cpuMs(apiCpu);
      if (res.status !== 200) throw new Error(`autosave answered ${res.status}: ${JSON.stringify(res.body)}`);
      apiRevision = res.body.revision;
      const rawCpu = process.cpuUsage();
      const rawMs = await rawAnswerWrite(store, {
        organisationId: org!.id,
        assessmentId: viaRaw.id,
        actor,
        question,
        answer,
        revision: rawRevision,
        tokenHash,
      });
      const rawCpuMs = cpuMs(rawCpu);
      rawRevision++;
      if (!keep) return;
      apiTimes.push(res.ms);
      rawTimes.push(rawMs);
      apiCpuTimes.push(apiCpuMs);
      rawCpuTimes.push(rawCpuMs);
      const database = spent.get('database') ?? 0;
      const repository = spent.get('repository') ?? 0;
      const service = spent.get('service') ?? 0;
      const authentication = spent.get('authentication (token verified, key from memory)') ?? 0;
      const add = (name: string, ms: number) => {
        phases[name] = [...(phases[name] ?? []), ms];
      };
      add('database (transaction + commit confirmation)', database);
      add('repository around it (request built, outcome read)', repository - database);
      add('service before the write (checks, merge, audit event)', service - repository);
      add('authentication (token verified, key from memory)', authentication);
      const server = spent.get('server') ?? 0;
      add('server around them: middleware, body read, parsing and validation, JSON out', server - service - authentication);
      add('transport: the HTTP request and response between client and server', res.ms - server);
    };
    for (let i = 0; i < 30; i++) await step(i, false); // warm-up: token exchanged, caches filled
    const inspector = args['cpu-prof'] ? new Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
      await inspector.post('Profiler.start');
    }
    const commandsBefore = new Map(counts);
    for (let i = 0; i < saves; i++) await step(i, true);
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(args['cpu-prof']!, JSON.stringify(profile));
      printProfile(profile as unknown as CpuProfile);
      inspector.disconnect();
    }
    const apiP50 = median(apiTimes);
    const rawP50 = median(rawTimes);
    console.log(
      `${saves} interleaved pairs: autosave through the API p50 ${apiP50.toFixed(2)} ms, raw write p50 ${rawP50.toFixed(2)} ms, ratio ${(apiP50 / rawP50).toFixed(2)}`,
    );
    console.log(
      `CPU time of this process per call (p50): autosave ${median(apiCpuTimes).toFixed(2)} ms, raw write ${median(rawCpuTimes).toFixed(2)} ms (includes background work that ran meanwhile, such as the local stream poller)`,
    );
    console.log('autosave phases (median of each, ms):');
    for (const [name, ms] of Object.entries(phases)) console.log(`  ${median(ms).toFixed(3).padStart(7)}  ${name}`);
    console.log("the server's timeline (median gap between consecutive marks, ms):");
    for (const [gap, ms] of gaps) console.log(`  ${median(ms).toFixed(3).padStart(7)}  ${gap}${ms.length < saves ? ` (${ms.length} of ${saves} saves)` : ''}`);
    console.log('database commands per autosave (API side only):');
    for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${name}: ${((n - (commandsBefore.get(name) ?? 0)) / saves).toFixed(2)}`);
  } finally {
    client.destroy();
    api.close();
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
