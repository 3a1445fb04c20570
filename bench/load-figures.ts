/**
 * The two ratio figures of `npm run bench:load`:
 * - overhead: p50 of an answer autosave through the API over p50 of the raw write it
 *   performs (one TransactWriteItems: the conditional update of the assessment, the
 *   audit put and the check that the bearer token is still valid, issued through the
 *   same repository method and client settings as the server's, so on DynamoDB Local
 *   followed by the commit confirmation of commit-barrier.ts), interleaved in the same
 *   process; also over the TransactWriteItems alone (no confirmation), for reference; and the
 *   same raw write behind a bare Hono route (no middleware, authentication or validation), the
 *   floor an HTTP hop sets on this machine, which splits the overhead into that floor and the
 *   app's own share;
 * - read: throughput of GET questionnaire version through the full app over a bare Hono
 *   JSON route (no middleware) serving the same document from the same process,
 *   measured by autocannon in a child process, interleaved in rounds that alternate which side
 *   goes first.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDynamoDbStores } from '../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client';
import type { Config } from '../functions/config';
import { randomIds, systemClock } from '../functions/composition';
import { auditEvent } from '../functions/services/audit';
import type { Actor } from '../functions/services/entities';
import type { AssessmentStore } from '../functions/services/ports';
import { sha256 } from '../functions/services/hashing';
import { type JsonClient, jsonClient } from './load-http';
import { CREATE_BODY, QUESTIONNAIRE, type Organisation } from './load-mix';
import { percentile } from './load-stats';

export interface OverheadFigure {
  pairs: number;
  apiP50: number;
  rawP50: number;
  ratio: number;
  /** The TransactWriteItems alone, without the commit confirmation DynamoDB Local needs. */
  transactionP50: number;
  transactionRatio: number;
  /** The raw write behind a bare Hono route: client, loopback HTTP, body parse, the write, a small JSON answer. */
  bareRouteP50: number;
  /** bareRouteP50 / rawP50: what the HTTP hop alone adds to the raw write. */
  floorRatio: number;
  /** apiP50 / bareRouteP50: what the app adds on top of that hop (middleware, authentication, validation, checks, audit event). */
  appRatio: number;
}

/** One answer of a raw write: what an autosave of it stores, given straight to the repository. */
export interface RawAnswerWrite {
  organisationId: string;
  assessmentId: string;
  actor: Actor;
  question: string;
  answer: { value: string; comment: string };
  /** The draft's revision the write is conditional on. */
  revision: number;
  /** The hash of the bearer token the write re-checks in its transaction (as the autosave's guard). */
  tokenHash: string;
}

/**
 * The raw write an autosave performs: its audit event built as the service builds it, then
 * the repository's saveAnswers (one TransactWriteItems with the token guard). Returns the
 * milliseconds of the saveAnswers call alone; throws when it did not write.
 */
export async function rawAnswerWrite(store: AssessmentStore, write: RawAnswerWrite): Promise<number> {
  const at = systemClock.now().toISOString();
  const changes = { [write.question]: { ...write.answer, updatedBy: write.actor, updatedAt: at, revision: write.revision + 1 } };
  const audit = auditEvent(
    { clock: systemClock, ids: randomIds },
    {
      organisationId: write.organisationId,
      actor: write.actor,
      operation: 'assessment.answer',
      target: { type: 'assessment', id: write.assessmentId },
      before: { [write.question]: null },
      after: changes,
      at,
    },
  );
  const started = performance.now();
  const outcome = await store.saveAnswers({
    organisationId: write.organisationId,
    assessmentId: write.assessmentId,
    expectedRevision: write.revision,
    changes,
    clearedAnswers: {},
    updatedAt: at,
    audit,
    tokenGuard: { hash: write.tokenHash, at },
  });
  const ms = performance.now() - started;
  if (outcome !== 'written') throw new Error(`raw write answered ${outcome}`);
  return ms;
}

/**
 * The floor of the overhead: a bare Hono route (served like the read figure's) that parses the
 * JSON body and performs the raw write, answering a small JSON. No middleware, authentication,
 * validation or checks: only the HTTP hop the API's autosave also makes.
 */
async function bareWriteRoute(store: AssessmentStore, write: Omit<RawAnswerWrite, 'answer' | 'revision'>) {
  const app = new Hono().patch('/bare/answers', async (c) => {
    const body = (await c.req.json()) as { revision: number; answer: RawAnswerWrite['answer'] };
    await rawAnswerWrite(store, { ...write, answer: body.answer, revision: body.revision });
    return c.json({ revision: body.revision + 1 });
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const client = jsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    save: async (answer: RawAnswerWrite['answer'], revision: number) => {
      const res = await client.patch('/bare/answers', { revision, answer });
      if (res.status !== 200) throw new Error(`bare route answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.ms;
    },
    close: async () => {
      client.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export async function measureOverhead(api: JsonClient, config: Config, org: Organisation, pairs: number): Promise<OverheadFigure> {
  const question = 'agent-credential-source';
  const values = ['shared-service-account', 'service-account-per-agent'];
  const create = async () => {
    const res = await api.post('/v1/assessments', CREATE_BODY, org.token);
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    return res.body as { id: string; revision: number };
  };
  const viaApi = await create();
  const viaRaw = await create();
  const session = await api.get('/v1/session', org.token);
  const actor = { tokenId: session.body.tokenId, label: session.body.label, role: session.body.role, actorType: session.body.actorType };
  const client = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.AIM_DB_TIMEOUT_MS,
    maxAttempts: config.AIM_DB_MAX_ATTEMPTS,
  });
  const store = createDynamoDbStores(client, config.AIM_TABLE_NAME).assessments;
  const bareClient = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.AIM_DB_TIMEOUT_MS,
    maxAttempts: config.AIM_DB_MAX_ATTEMPTS,
    confirmTransactionCommits: false,
  });
  const bareStore = createDynamoDbStores(bareClient, config.AIM_TABLE_NAME).assessments;
  // The bare route's own client, with the raw write's settings (commit confirmation included).
  const routeClient = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.AIM_DB_TIMEOUT_MS,
    maxAttempts: config.AIM_DB_MAX_ATTEMPTS,
  });
  const viaBare = await create();
  const viaRoute = await create();
  const transactionTimes: number[] = [];
  let bareRevision = viaBare.revision;
  const tokenHash = sha256(org.token);
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  let apiRevision = viaApi.revision;
  let rawRevision = viaRaw.revision;
  const routeStore = createDynamoDbStores(routeClient, config.AIM_TABLE_NAME).assessments;
  const route = await bareWriteRoute(routeStore, { organisationId: org.id, assessmentId: viaRoute.id, actor, question, tokenHash });
  const routeTimes: number[] = [];
  let routeRevision = viaRoute.revision;
  const warmUp = Math.min(30, Math.floor(pairs / 5));
  try {
    for (let i = 0; i < pairs + warmUp; i++) {
      const answer = { value: values[i % 2]!, comment: `overhead ${i}` };
      const res = await api.patch(`/v1/assessments/${viaApi.id}/answers`, { revision: apiRevision, answers: { [question]: answer } }, org.token);
      if (res.status !== 200) throw new Error(`autosave answered ${res.status}: ${JSON.stringify(res.body)}`);
      apiRevision = res.body.revision;

      const rawMs = await rawAnswerWrite(store, { organisationId: org.id, assessmentId: viaRaw.id, actor, question, answer, revision: rawRevision, tokenHash });
      rawRevision++;
      const bareMs = await rawAnswerWrite(bareStore, {
        organisationId: org.id,
        assessmentId: viaBare.id,
        actor,
        question,
        answer,
        revision: bareRevision,
        tokenHash,
      });
      bareRevision++;
      const routeMs = await route.save(answer, routeRevision);
      routeRevision++;
      if (i >= warmUp) {
        apiTimes.push(res.ms);
        rawTimes.push(rawMs);
        transactionTimes.push(bareMs);
        routeTimes.push(routeMs);
      }
    }
  } finally {
    client.destroy();
    bareClient.destroy();
    routeClient.destroy();
    await route.close();
  }
  const apiP50 = percentile(
    [...apiTimes].sort((a, b) => a - b),
    50,
  );
  const rawP50 = percentile(
    [...rawTimes].sort((a, b) => a - b),
    50,
  );
  const transactionP50 = percentile(
    [...transactionTimes].sort((a, b) => a - b),
    50,
  );
  const bareRouteP50 = percentile(
    [...routeTimes].sort((a, b) => a - b),
    50,
  );
  return {
    pairs,
    apiP50,
    rawP50,
    ratio: apiP50 / rawP50,
    transactionP50,
    transactionRatio: apiP50 / transactionP50,
    bareRouteP50,
    floorRatio: bareRouteP50 / rawP50,
    appRatio: apiP50 / bareRouteP50,
  };
}

export interface ReadFigure {
  seconds: number;
  connections: number;
  fullPerSecond: number;
  barePerSecond: number;
  fullP50: number;
  bareP50: number;
  non2xx: number;
  ratio: number;
}

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number };
  non2xx: number;
  errors: number;
}

function autocannon(url: string, seconds: number, connections: number): Promise<CannonResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-c', String(connections), '-d', String(seconds), '-j', url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as CannonResult);
      } catch {
        reject(new Error(`autocannon exited with ${code} without a JSON result`));
      }
    });
  });
}

export async function measureRead(api: JsonClient, baseUrl: string, seconds: number, connections: number): Promise<ReadFigure> {
  const path = `/v1/questionnaires/${QUESTIONNAIRE.id}/versions/${QUESTIONNAIRE.version}`;
  const served = await api.get(path);
  if (served.status !== 200) throw new Error(`GET ${path} answered ${served.status}`);
  const bare = new Hono().get('/bare/questionnaire', (c) => c.json(served.body));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bare/questionnaire`;
  try {
    const rounds = 2;
    const each = Math.max(2, Math.round(seconds / (2 * rounds)));
    const full: CannonResult[] = [];
    const plain: CannonResult[] = [];
    await autocannon(`${baseUrl}${path}`, 1, connections); // warm-up
    // Rounds alternate which side goes first (full, bare, bare, full): the process is still
    // warming up and its throughput drifts up through the figure (0.74 to 0.87 between
    // consecutive figures in one process, 2026-12-07), so a fixed order favoured the side measured later.
    for (let round = 0; round < rounds; round++) {
      const fullFirst = round % 2 === 0;
      if (fullFirst) full.push(await autocannon(`${baseUrl}${path}`, each, connections));
      plain.push(await autocannon(bareUrl, each, connections));
      if (!fullFirst) full.push(await autocannon(`${baseUrl}${path}`, each, connections));
    }
    const perSecond = (runs: CannonResult[]) => runs.reduce((s, r) => s + r.requests.total, 0) / (each * runs.length);
    const p50 = (runs: CannonResult[]) => runs.reduce((s, r) => s + r.latency.p50, 0) / runs.length;
    const fullPerSecond = perSecond(full);
    const barePerSecond = perSecond(plain);
    return {
      seconds: each * rounds * 2,
      connections,
      fullPerSecond,
      barePerSecond,
      fullP50: p50(full),
      bareP50: p50(plain),
      non2xx: [...full, ...plain].reduce((s, r) => s + r.non2xx + r.errors, 0),
      ratio: fullPerSecond / barePerSecond,
    };
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}
