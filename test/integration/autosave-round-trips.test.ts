/**
 * The database calls of a steady autosave (issue 21, "Autosave"): with the token a key was
 * exchanged for (the default way scripts reach the API), a save after the first reads
 * neither the key nor the draft; its one transaction re-checks the key (revoked, expired,
 * erased), as a save with a remembered key does (test/integration/write-path.test.ts).
 * Counted from the document client's commands, never timed.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform();
  questionnaire = (await apiClient(platform.url).get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Key = { PK?: string; SK?: string };
type Sent = { name: string; input: Record<string, any> };

/** Every command the document clients send while `spy` is on (the stream pollers' included: callers filter). */
function recordCommands(): Sent[] {
  const sent: Sent[] = [];
  const original = DynamoDBDocumentClient.prototype.send;
  vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: any, ...rest: any[]) {
    sent.push({ name: command.constructor.name, input: command.input });
    return (original as any).call(this, command, ...rest);
  });
  return sent;
}

const isKeyItem = (key: Key | undefined, organisationId: string) =>
  key !== undefined && (key.PK?.startsWith('TOKEN#') === true || (key.PK === `ORG#${organisationId}` && key.SK?.startsWith('TOKEN#') === true));
const isDraft = (key: Key | undefined, organisationId: string, draftId: string) => key?.PK === `ORG#${organisationId}` && key.SK === `ASSESSMENT#${draftId}`;

describe('a steady autosave with an exchanged key’s token', () => {
  it('reads neither the key nor the draft; its transaction re-checks the key', async () => {
    const api = apiClient(platform.url);
    const registered = await api.post('/v1/organisations', {
      name: `Round trips ${randomUUID().slice(0, 6)}`,
      industry: 'retail',
      sizeBand: '1-49',
      region: 'europe',
    });
    const organisationId = registered.body.organisation.id as string;
    const owner = registered.body.token.secret as string;
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body;
    const entries = Object.entries(completeAnswers(questionnaire, () => 1));
    let revision = draft.revision as number;
    const save = async (i: number) => {
      const [questionId, answer] = entries[i]!;
      const res = await api.patch(`/v1/assessments/${draft.id}/answers`, { revision, answers: { [questionId]: answer } }, owner);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      revision = res.body.revision;
    };
    // The first save of a token confirms its key by reading it (and the draft, unless this process wrote it).
    await save(0);

    const sent = recordCommands();
    for (let i = 1; i <= 5; i++) await save(i);
    vi.restoreAllMocks();

    const reads = sent.filter(({ name }) => name === 'GetCommand' || name === 'BatchGetCommand' || name === 'QueryCommand');
    const keyReads = reads.filter(
      ({ input }) => isKeyItem(input.Key, organisationId) || (input.RequestItems && JSON.stringify(input.RequestItems).includes('TOKEN#')),
    );
    const draftReads = reads.filter(({ input }) => isDraft(input.Key, organisationId, draft.id));
    expect(keyReads.map((r) => r.input.Key)).toEqual([]);
    expect(draftReads).toEqual([]);

    const saves = sent.filter(
      ({ name, input }) => name === 'TransactWriteCommand' && input.TransactItems.some((item: any) => isDraft(item.Update?.Key, organisationId, draft.id)),
    );
    expect(saves).toHaveLength(5);
    for (const { input } of saves) {
      // The key the token rests on, checked in the same transaction: not revoked, not expired.
      const check = input.TransactItems.find((item: any) => item.ConditionCheck?.Key?.PK?.startsWith('TOKEN#'));
      expect(check?.ConditionCheck.ConditionExpression).toMatch(/revokedAt = :null/);
    }
  });

  it('refuses the remembered token with token_revoked on the first save after its key is revoked, and writes nothing', async () => {
    const api = apiClient(platform.url);
    const registered = await api.post('/v1/organisations', {
      name: `Revoked ${randomUUID().slice(0, 6)}`,
      industry: 'retail',
      sizeBand: '1-49',
      region: 'europe',
    });
    const owner = registered.body.token.secret as string;
    const minted = (await api.post('/v1/tokens', { role: 'respondent', label: 'autosaver' }, owner)).body.token;
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body;
    const entries = Object.entries(completeAnswers(questionnaire, () => 2));
    const first = await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers: { [entries[0]![0]]: entries[0]![1] } }, minted.secret);
    expect(first.status).toBe(200);
    const second = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: first.body.revision, answers: { [entries[1]![0]]: entries[1]![1] } },
      minted.secret,
    );
    expect(second.status).toBe(200);
    expect((await api.del(`/v1/tokens/${minted.id}`, owner)).status).toBe(204);

    const refused = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: second.body.revision, answers: { [entries[2]![0]]: entries[2]![1] } },
      minted.secret,
    );
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('token_revoked');
    const stored = (await api.get(`/v1/assessments/${draft.id}`, owner)).body;
    expect(stored.revision).toBe(second.body.revision);
    expect(Object.keys(stored.answers).sort()).toEqual([entries[0]![0], entries[1]![0]].sort());
  });
});
