/**
 * The stream worker crashes in the middle of a batch (after a cohort write landed but
 * before the batch was acknowledged) and a new one starts with no memory of where the
 * old one was, so it reads the stream again from the start. No submission is counted
 * twice or lost: the incrementally folded cells equal a rebuild from the submissions.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { batchResponse, submissionsFromRecords } from '../../functions/adapters/dynamodb/stream-records';
import { StreamPoller } from '../../functions/local/stream-poller';
import { foldSubmissions } from '../../functions/services/aggregation';
import { computeFromSubmissions } from '../../functions/services/benchmark-rebuild';
import { verifyWithService } from '../support/verification';
import type { BenchmarkStore } from '../../functions/services/ports';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';
import { nonEmptyCells } from '../support/cell-counts';

/** Cells without the zero counts that replaced contributions leave behind. */

class WorkerCrash extends Error {}

describe('the stream worker crashes mid-batch and restarts', () => {
  it('counts every submission once', async () => {
    const { config, services } = await freshServices({ AIM_K_ANONYMITY: '3' });
    const q = services.catalogue.get('agent-identity', '1.0.0');
    const served: ServedQuestionnaire = {
      id: q.id,
      version: q.version,
      domains: q.domains.map((d) => ({ id: d.id, questions: q.questions.filter((x) => x.domain === d.id) })),
    };
    // Nine organisations; three submit a second time (their latest replaces the first).
    const orgs = [];
    for (let i = 0; i < 9; i++) {
      const { organisation, token } = await services.organisations.register({
        name: `Crash org ${i} ${randomUUID().slice(0, 4)}`,
        industry: i % 2 ? 'energy' : 'retail',
        sizeBand: '50-249',
        region: 'europe',
      });
      await verifyWithService(services, organisation.id);
      orgs.push(await services.tokens.authenticate(token.secret));
    }
    for (const [i, principal] of [...orgs, ...orgs.slice(0, 3)].entries()) {
      const draft = await services.assessments.create(principal, { questionnaireId: 'agent-identity', version: '1.0.0' });
      await services.assessments.saveAnswers(principal, draft.id, {
        revision: 0,
        answers: completeAnswers(served, (n, question) => (i + question.id.length) % n),
      });
      await services.assessments.submit(principal, draft.id);
    }

    const streamsClient = new DynamoDBStreamsClient({
      region: config.AWS_REGION,
      endpoint: config.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const real = services.stores.benchmarks;
    // The first worker dies right after its second cohort write has committed.
    let commits = 0;
    const crashing: BenchmarkStore = Object.assign(Object.create(real) as BenchmarkStore, {
      commit: async (...args: Parameters<BenchmarkStore['commit']>) => {
        const outcome = await real.commit(...args);
        if (++commits === 2) throw new WorkerCrash('the worker died mid-batch');
        return outcome;
      },
    });
    const poller = (store: BenchmarkStore) =>
      new StreamPoller({
        client: services.client,
        streamsClient,
        tableName: config.AIM_TABLE_NAME,
        region: config.AWS_REGION,
        batchSize: 4,
        handler: async (event) => {
          const result = await foldSubmissions(submissionsFromRecords(event.Records), store);
          if (commits >= 2 && store === crashing) throw new WorkerCrash('the worker is gone');
          return batchResponse(result);
        },
      });
    const first = poller(crashing);
    // Small batches: the stream also carries profiles, tokens and audit events before the submissions.
    for (let pass = 0; pass < 500 && commits < 2; pass++) await first.pollOnce().catch(() => 0);
    expect(commits).toBeGreaterThanOrEqual(2);
    // The crashed worker's position is lost with it; the new one starts from the stream's start.
    const second = poller(real);
    let delivered = 0;
    for (let n = await second.pollOnce(); n > 0; n = await second.pollOnce()) delivered += n;
    streamsClient.destroy();
    expect(delivered).toBeGreaterThanOrEqual(12);

    const contributions = await real.allContributions();
    const perOrganisation = new Map<string, number>();
    for (const c of contributions) perOrganisation.set(`${c.organisationId}#${c.scope}`, (perOrganisation.get(`${c.organisationId}#${c.scope}`) ?? 0) + 1);
    expect([...perOrganisation.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(contributions.map((c) => c.organisationId)).size).toBe(9);
    const incremental = nonEmptyCells(await real.allCells());
    expect(Object.keys(incremental).length).toBeGreaterThan(10);
    expect(incremental).toEqual(nonEmptyCells((await computeFromSubmissions(real)).cells));
  });
});
