/**
 * Deleting an organisation while its own credentials keep creating more (issue 13,
 * finding 2). Owners mint tokens, create invitations, accept them and create assessments
 * as fast as they can while `DELETE /v1/organisation` runs. Once the deletion is
 * acknowledged, nothing created in the race may authenticate, be accepted or create
 * anything, and the organisation's partition holds nothing but the benchmark tombstone.
 * Before the fence, about a third of what was created during the deletion survived it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { startTestPlatform } from '../support/platform-fixture';

const ROUNDS = 6;
/** Owner credentials working in parallel during each deletion. */
const WORKERS = 6;
/** Owner keys are recorded exceptions: the racing scripts say why they hold one. */
const RACING_EXCEPTION = 'a racing script that mints owner keys during a deletion';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  // The checks after each deletion fail authentication hundreds of times from one address.
  platform = await startTestPlatform({ env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

interface Created {
  tokens: string[];
  codes: string[];
  statuses: number[];
}

/** One worker: mints owner tokens, creates and accepts invitations with each secret it gets, until told to stop. */
async function createWhileDeleting(start: string, stopped: () => boolean, created: Created) {
  const keep = (res: ApiResponse) => {
    created.statuses.push(res.status);
    return res.status === 201 ? res.body : undefined;
  };
  let secret = start;
  // A few more after the acknowledgement too: those must fail as well.
  for (let after = 0; after < 3; after += stopped() ? 1 : 0) {
    const minted = keep(await api.post('/v1/tokens', { role: 'owner', actorType: 'agent', label: 'racing owner', exception: RACING_EXCEPTION }, secret));
    if (minted) {
      created.tokens.push(minted.token.secret);
      secret = minted.token.secret;
    }
    // An agent's invitation: accepted without a session it mints a key (a person's would need one).
    const invited = keep(await api.post('/v1/invitations', { role: 'leader', actorType: 'agent', label: 'racing invitee' }, secret));
    if (invited) {
      created.codes.push(invited.code);
      const accepted = keep(await api.post('/v1/invitations/accept', { code: invited.code }));
      if (accepted) created.tokens.push(accepted.token.secret);
    }
    keep(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, secret));
  }
}

async function partition(organisationId: string) {
  const client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 3000,
    maxAttempts: 3,
  });
  try {
    const result = await createDocumentClient(client).send(
      new QueryCommand({
        TableName: platform.config.AIM_TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `ORG#${organisationId}` },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => `${item.type}:${item.SK}`);
  } finally {
    client.destroy();
  }
}

describe('deleting an organisation while its credentials create more', () => {
  it('leaves no token, invitation or item of it behind, in every round', { timeout: 180_000 }, async () => {
    const findings: string[] = [];
    let createdDuring = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const name = `Racing Ltd ${round}`;
      const registered = await api.post('/v1/organisations', { name, industry: 'technology', sizeBand: '50-249', region: 'europe' });
      expect(registered.status).toBe(201);
      const owner = registered.body.token.secret as string;
      const organisationId = registered.body.organisation.id as string;
      // Each worker starts from a credential of its own, as separate agents would.
      const starts = [owner];
      for (let i = 1; i < WORKERS; i++) {
        const minted = await api.post('/v1/tokens', { role: 'owner', actorType: 'agent', label: `owner ${i}`, exception: RACING_EXCEPTION }, owner);
        expect(minted.status, JSON.stringify(minted.body)).toBe(201);
        starts.push(minted.body.token.secret);
      }

      let acknowledged = false;
      const created: Created = { tokens: [], codes: [], statuses: [] };
      const workers = starts.map((start) => createWhileDeleting(start, () => acknowledged, created));
      // Let the workers get going, then delete.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const before = created.tokens.length + created.codes.length;
      const deleted = await api.call('DELETE', '/v1/organisation', { token: owner, body: { confirm: name } });
      acknowledged = true;
      expect(deleted.status).toBe(204);
      await Promise.all(workers);
      createdDuring += created.tokens.length + created.codes.length - before;

      // Nothing a client can send in the race is answered with a 5xx.
      const serverErrors = created.statuses.filter((s) => s >= 500);
      if (serverErrors.length) findings.push(`round ${round}: ${serverErrors.length} answer(s) with a 5xx during the deletion`);
      for (const secret of [...starts, ...created.tokens]) {
        const session = await api.get('/v1/session', secret);
        if (session.status !== 401) findings.push(`round ${round}: token authenticates (${session.status})`);
        const more = await api.post('/v1/tokens', { role: 'owner', label: 'after deletion', exception: RACING_EXCEPTION }, secret);
        if (more.status !== 401) findings.push(`round ${round}: token mints (${more.status})`);
        const assessment = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, secret);
        if (assessment.status !== 401) findings.push(`round ${round}: token creates an assessment (${assessment.status})`);
      }
      for (const code of created.codes) {
        const accepted = await api.post('/v1/invitations/accept', { code });
        if (accepted.status !== 404) findings.push(`round ${round}: invitation accepted (${accepted.status})`);
      }
      const left = (await partition(organisationId)).filter((item) => !item.startsWith('benchmark-participation:'));
      if (left.length) findings.push(`round ${round}: ${left.length} item(s) left in the partition (${left.slice(0, 3).join(', ')})`);
    }
    // The race really ran: credentials were created while the deletion was under way.
    expect(createdDuring).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });
});
