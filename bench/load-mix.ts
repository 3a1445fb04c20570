/**
 * The load mix: one virtual user per organisation, each answering its assessment a few
 * questions at a time (autosave), submitting when complete (with an Idempotency-Key),
 * starting the next one, and reading the questionnaire, its assessment, its benchmark
 * position (results) and the analysts' cohort statistics in between. Concurrency is
 * bounded by the number of organisations. Every acknowledged save goes into the ledger.
 */
import { randomUUID } from 'node:crypto';
import { Industry, Region, SizeBand } from '../functions/core/taxonomy';
import { seededRandom } from '../functions/core/benchmark/reference/answers';
import { completeAnswers, type ServedQuestionnaire } from '../test/support/answering';
import { verifyOrganisation } from '../test/support/verification';
import type { JsonClient, JsonResponse } from './load-http';
import type { AnswerLedger } from './load-ledger';
import type { LatencyRecorder } from './load-stats';

export const QUESTIONNAIRE = { id: 'agent-identity', version: '1.0.0' } as const;
export const CREATE_BODY = { questionnaireId: QUESTIONNAIRE.id, version: QUESTIONNAIRE.version };

export interface Organisation {
  id: string;
  token: string;
}

/** Registers `count` organisations, each verified by the admin (`adminToken`) so that its submissions are folded into the benchmarks as in production. */
export async function registerOrganisations(api: JsonClient, adminToken: string, count: number, prefix = 'Load'): Promise<Organisation[]> {
  const orgs: Organisation[] = [];
  for (let i = 0; i < count; i++) {
    const body = {
      name: `${prefix} organisation ${i} ${randomUUID().slice(0, 6)}`,
      industry: Industry.options[i % 3]!,
      sizeBand: SizeBand.options[i % 2]!,
      region: Region.options[i % 2]!,
    };
    const res = await api.post('/v1/organisations', body);
    if (res.status !== 201) throw new Error(`registering an organisation answered ${res.status}: ${JSON.stringify(res.body)}`);
    await verifyOrganisation(api, adminToken, res.body.organisation.id);
    orgs.push({ id: res.body.organisation.id, token: res.body.token.secret });
  }
  return orgs;
}

export interface MixOptions {
  api: JsonClient;
  ledger: AnswerLedger;
  stats: LatencyRecorder;
  questionnaire: ServedQuestionnaire;
  analystToken: string;
  /** Stop issuing new requests at this time (performance.now()). */
  until: () => boolean;
  seed: number;
}

/** The saves that complete one assessment: its answers in question order, 1 to 3 at a time. */
function savePlan(questionnaire: ServedQuestionnaire, random: () => number): Record<string, any>[] {
  const answers = completeAnswers(questionnaire, (n) => Math.floor(random() * n));
  const order = questionnaire.domains.flatMap((d) => d.questions.map((q) => q.id)).filter((id) => answers[id]);
  const plan: Record<string, any>[] = [];
  for (let i = 0; i < order.length; ) {
    const size = 1 + Math.floor(random() * 3);
    plan.push(Object.fromEntries(order.slice(i, i + size).map((id) => [id, answers[id]])));
    i += size;
  }
  return plan;
}

/** One organisation's user, until time is up. */
export async function runVirtualUser(org: Organisation, options: MixOptions): Promise<void> {
  const { api, ledger, stats, questionnaire } = options;
  const random = seededRandom(options.seed);
  const timed = async (operation: string, request: Promise<JsonResponse>) => {
    const res = await request;
    stats.record(operation, res.ms, res.status);
    return res;
  };
  let draft: { id: string; revision: number; plan: Record<string, any>[] } | undefined;
  let submittedId: string | undefined;
  const startDraft = async () => {
    const res = await timed('create assessment', api.post('/v1/assessments', CREATE_BODY, org.token, { 'idempotency-key': randomUUID() }));
    if (res.status !== 201) return;
    ledger.track(res.body.id, org.token);
    draft = { id: res.body.id, revision: res.body.revision, plan: savePlan(questionnaire, random) };
  };
  while (!options.until()) {
    if (!draft) {
      await startDraft();
      continue;
    }
    const roll = random();
    if (roll < 0.55) {
      const next = draft.plan[0];
      if (!next) {
        const res = await timed('submit', api.post(`/v1/assessments/${draft.id}/submit`, undefined, org.token, { 'idempotency-key': randomUUID() }));
        if (res.status === 200) {
          submittedId = draft.id;
          draft = undefined;
        }
        continue;
      }
      const { attempt, comment } = ledger.nextAttempt();
      const answers = Object.fromEntries(Object.entries(next).map(([q, a]) => [q, { ...a, comment }]));
      const res = await timed('autosave answers', api.patch(`/v1/assessments/${draft.id}/answers`, { revision: draft.revision, answers }, org.token));
      if (res.status === 200) {
        ledger.acknowledge(draft.id, attempt, Object.keys(answers), res.body);
        draft.revision = res.body.revision;
        draft.plan.shift();
      }
    } else if (roll < 0.7) {
      await timed('read questionnaire', api.get(`/v1/questionnaires/${QUESTIONNAIRE.id}/versions/${QUESTIONNAIRE.version}`));
    } else if (roll < 0.82) {
      await timed('read assessment', api.get(`/v1/assessments/${draft.id}`, org.token));
    } else if (roll < 0.92) {
      if (submittedId) await timed('read results (benchmark position)', api.get(`/v1/assessments/${submittedId}/benchmark`, org.token));
      else await timed('read assessment', api.get(`/v1/assessments/${draft.id}`, org.token));
    } else {
      await timed('read cohort benchmarks (analyst)', api.get(`/v1/benchmarks?questionnaireId=${QUESTIONNAIRE.id}`, options.analystToken));
    }
  }
}
