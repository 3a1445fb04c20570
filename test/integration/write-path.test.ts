/**
 * The autosave fast path: a process remembers token identities and the drafts it saved,
 * and skips the reads. These tests hold that it never costs correctness: a revoked or
 * expired token is still refused on its next save, and two processes saving the same
 * draft (each with its own memory) lose nothing and miss no conflict.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { freshServices } from '../support/table';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';

let first: Awaited<ReturnType<typeof startTestPlatform>>;
let second: Awaited<ReturnType<typeof startTestPlatform>>;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  const tableName = `shared-${randomUUID()}`;
  first = await startTestPlatform({ tableName });
  second = await startTestPlatform({ tableName });
  questionnaire = (await apiClient(first.url).get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
});

async function draftWithRespondent() {
  const api = apiClient(first.url);
  const owner = (await api.post('/v1/organisations', { name: `Fast ${randomUUID().slice(0, 6)}`, industry: 'retail', sizeBand: '1-49', region: 'europe' })).body
    .token.secret;
  const minted = (await api.post('/v1/tokens', { role: 'respondent', label: 'autosaver' }, owner)).body.token;
  const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body;
  return { owner, respondent: minted.secret as string, respondentId: minted.id as string, draftId: draft.id as string };
}

describe('the autosave fast path', () => {
  it('still refuses a token on its first save after revocation', async () => {
    const api = apiClient(first.url);
    const { owner, respondent, respondentId, draftId } = await draftWithRespondent();
    const entries = Object.entries(completeAnswers(questionnaire, () => 2));
    const [q1, a1] = entries[0]!;
    const [q2, a2] = entries[1]!;
    const saved = await api.patch(`/v1/assessments/${draftId}/answers`, { revision: 0, answers: { [q1!]: a1 } }, respondent);
    expect(saved.status).toBe(200);
    // The token is now remembered by this process; revoking it must still stop the next save.
    expect((await api.del(`/v1/tokens/${respondentId}`, owner)).status).toBe(204);
    const refused = await api.patch(`/v1/assessments/${draftId}/answers`, { revision: saved.body.revision, answers: { [q2!]: a2 } }, respondent);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('token_revoked');
    const stored = (await api.get(`/v1/assessments/${draftId}`, owner)).body;
    expect(Object.keys(stored.answers)).toEqual([q1]);
    expect(stored.revision).toBe(saved.body.revision);
  });

  it('loses nothing when two processes with their own memory save the same draft', async () => {
    const a = apiClient(first.url);
    const b = apiClient(second.url);
    const { respondent, draftId } = await draftWithRespondent();
    const entries = Object.entries(completeAnswers(questionnaire, () => 1));
    // Alternate processes, each save based on the revision it last saw itself.
    const seen = { a: 0, b: 0 };
    for (let i = 0; i < 12; i++) {
      const [questionId, answer] = entries[i]!;
      const via = i % 2 === 0 ? 'a' : 'b';
      const res = await (via === 'a' ? a : b).patch(
        `/v1/assessments/${draftId}/answers`,
        { revision: seen[via], answers: { [questionId]: answer } },
        respondent,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen[via] = res.body.revision;
    }
    const stored = (await a.get(`/v1/assessments/${draftId}`, respondent)).body;
    expect(stored.revision).toBe(12);
    for (const [questionId, answer] of entries.slice(0, 12)) expect(stored.answers[questionId]).toMatchObject(answer);
    // A conflict is still found when the other process changed the same question.
    const [questionId] = entries[0]!;
    const other = completeAnswers(questionnaire, () => 3)[questionId];
    expect((await b.patch(`/v1/assessments/${draftId}/answers`, { revision: stored.revision, answers: { [questionId]: other } }, respondent)).status).toBe(200);
    const stale = await a.patch(`/v1/assessments/${draftId}/answers`, { revision: stored.revision, answers: { [questionId]: entries[0]![1] } }, respondent);
    expect(stale.status).toBe(409);
    expect(stale.body.conflicts[0].current.value).toEqual(other!.value);
  });
});

describe('expiry on the fast path', () => {
  it('refuses a remembered token once it has expired, with token_expired', async () => {
    let now = new Date('2026-11-28T10:00:00.000Z');
    const { services } = await freshServices({}, { clock: { now: () => now } });
    const { token } = await services.organisations.register({ name: 'Ticking Ltd', industry: 'other', sizeBand: '1-49', region: 'europe' });
    const owner = await services.tokens.authenticate(token.secret);
    const minted = await services.tokens.mint(owner, { role: 'respondent', actorType: 'agent', label: 'short', expiresInDays: 1 });
    const draft = await services.assessments.create(owner, { questionnaireId: 'agent-identity', version: '1.0.0' });
    const [q1, a1] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;
    // Half a minute before expiry: a full authentication, then a save.
    now = new Date(now.getTime() + 86_400_000 - 30_000);
    const first = await services.tokens.authenticateForWrite(minted.secret);
    expect(first.guard).toBeUndefined();
    await services.assessments.saveAnswers(first.principal, draft.id, { revision: 0, answers: { [q1]: a1 } }, first.guard);
    // A second after expiry the identity still comes from memory, but guarded.
    now = new Date(now.getTime() + 31_000);
    const remembered = await services.tokens.authenticateForWrite(minted.secret);
    expect(remembered.guard).toBeDefined();
    await expect(services.assessments.saveAnswers(remembered.principal, draft.id, { revision: 1, answers: { [q1]: a1 } }, remembered.guard)).rejects.toThrow(
      'the bearer token changed',
    );
    await expect(services.tokens.authenticate(minted.secret)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses a remembered key stored without an expiry once it is 90 days old', async () => {
    let now = new Date('2026-11-28T10:00:00.000Z');
    const { config, services } = await freshServices({}, { clock: { now: () => now } });
    const { organisation, token } = await services.organisations.register({ name: 'Old Key Ltd', industry: 'other', sizeBand: '1-49', region: 'europe' });
    const owner = await services.tokens.authenticate(token.secret);
    // A key as earlier versions stored it: no expiry.
    const { record, secret } = services.tokens.newToken({
      organisationId: organisation.id,
      role: 'respondent',
      actorType: 'agent',
      label: 'legacy',
      createdBy: owner.tokenId,
    });
    const legacy = { ...record, expiresAt: null };
    const actor = { tokenId: legacy.id, label: legacy.label, role: legacy.role, actorType: legacy.actorType };
    const audit = {
      id: randomUUID(),
      organisationId: organisation.id,
      at: legacy.createdAt,
      actor,
      operation: 'token.mint',
      target: { type: 'token', id: legacy.id },
      beforeHash: null,
      afterHash: null,
    };
    await createDynamoDbStores(services.client, config.AIM_TABLE_NAME).tokens.create(legacy, audit);
    const draft = await services.assessments.create(owner, { questionnaireId: 'agent-identity', version: '1.0.0' });
    const [q1, a1] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;
    // Half a minute before its 90th day: a full authentication, then a save.
    now = new Date(now.getTime() + 90 * 86_400_000 - 30_000);
    const first = await services.tokens.authenticateForWrite(secret);
    expect(first.guard).toBeUndefined();
    await services.assessments.saveAnswers(first.principal, draft.id, { revision: 0, answers: { [q1]: a1 } }, first.guard);
    // Past it, the identity still comes from memory, but the guard checks the key's age.
    now = new Date(now.getTime() + 31_000);
    const remembered = await services.tokens.authenticateForWrite(secret);
    expect(remembered.guard).toMatchObject({ legacyCreatedAfter: expect.any(String) });
    await expect(services.assessments.saveAnswers(remembered.principal, draft.id, { revision: 1, answers: { [q1]: a1 } }, remembered.guard)).rejects.toThrow(
      'the bearer token changed',
    );
    await expect(services.tokens.authenticate(secret)).rejects.toMatchObject({ code: 'token_expired' });
  });
});
