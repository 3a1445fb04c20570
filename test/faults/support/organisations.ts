/** Organisations with one draft each, through the API, for the fault tests. */
import { randomUUID } from 'node:crypto';
import type { JsonClient } from '../../../bench/load-http';
import type { AnswerLedger } from '../../../bench/load-ledger';
import type { Draft } from './writers';

export async function draftsFor(api: JsonClient, ledger: AnswerLedger, count: number): Promise<(Draft & { organisationId: string })[]> {
  const drafts: (Draft & { organisationId: string })[] = [];
  for (let i = 0; i < count; i++) {
    const org = await api.post('/v1/organisations', {
      name: `Fault org ${randomUUID().slice(0, 8)}`,
      industry: 'energy',
      sizeBand: '50-249',
      region: 'europe',
    });
    if (org.status !== 201) throw new Error(`register answered ${org.status}: ${JSON.stringify(org.body)}`);
    const token = org.body.token.secret as string;
    const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, token);
    if (draft.status !== 201) throw new Error(`create answered ${draft.status}: ${JSON.stringify(draft.body)}`);
    ledger.track(draft.body.id, token);
    drafts.push({ id: draft.body.id, token, revision: draft.body.revision, organisationId: org.body.organisation.id });
  }
  return drafts;
}
