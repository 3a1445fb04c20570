/**
 * Clients that keep saving answers to their drafts while a fault happens, recording
 * every acknowledged save in the ledger. After a failure they re-read their draft (the
 * save may have landed without an answer) and go on.
 */
import type { JsonClient, JsonResponse } from '../../../bench/load-http';
import type { AnswerLedger } from '../../../bench/load-ledger';

/** Questions of agent-identity 1.0.0 (none behind a condition) with valid options, saved in turn. */
export const ANSWER_OPTIONS: Record<string, string[]> = {
  'agent-credential-source': ['shared-service-account', 'service-account-per-agent', 'user-session'],
  'identity-reuse': ['widely', 'often', 'rarely-documented'],
  'permission-model': ['inherited', 'broad-static-role', 'purpose-built-role'],
  'agent-inventory': ['none', 'partial-manual', 'complete-for-production'],
};

export interface Draft {
  id: string;
  token: string;
  revision: number;
}

export interface WriterRun {
  responses: JsonResponse[];
  stop(): Promise<void>;
  /** Resolves once every writer has had `n` acknowledged saves since this call. */
  acknowledgedAfter(n: number): Promise<void>;
}

export function startWriters(api: JsonClient, ledger: AnswerLedger, drafts: Draft[], options: { pauseMs?: number } = {}): WriterRun {
  let running = true;
  const responses: JsonResponse[] = [];
  const acks = drafts.map(() => 0);
  const questionIds = Object.keys(ANSWER_OPTIONS);
  const loops = drafts.map(async (draft, w) => {
    for (let i = 0; running; i++) {
      const question = questionIds[(i + w) % questionIds.length]!;
      const choices = ANSWER_OPTIONS[question]!;
      const { attempt, comment } = ledger.nextAttempt();
      const answers = { [question]: { value: choices[i % choices.length]!, comment } };
      const res = await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: draft.revision, answers }, draft.token);
      responses.push(res);
      if (res.status === 200) {
        ledger.acknowledge(draft.id, attempt, [question], res.body);
        draft.revision = res.body.revision;
        acks[w]!++;
      } else {
        await new Promise((r) => setTimeout(r, 100));
        const current = await api.get(`/v1/assessments/${draft.id}`, draft.token);
        if (current.status === 200) draft.revision = current.body.revision;
      }
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  });
  return {
    responses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
    async acknowledgedAfter(n) {
      const base = [...acks];
      while (acks.some((a, i) => a - base[i]! < n)) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
