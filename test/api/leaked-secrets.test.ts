/**
 * Leaked secrets (docs/security.md, "Leaked secrets"), through a real server on DynamoDB
 * Local: an answer holding a secret is refused and nothing is stored; an AIM key in it is
 * revoked in the same request and audited; the public leak report revokes any
 * organisation's key without saying which secrets were keys, within a per-client limit.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import type { Question } from '../../functions/core/questionnaire/model';
import { LEAK_OPERATIONS } from '../../functions/services/leaked-secrets';
import { answerFor } from '../support/answering';
import { apiClient, answered, type ApiClient } from '../support/api-client';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  platform = await startTestPlatform({ withAdminKey: false });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

const question = loadCatalogue()
  .get('agent-identity', '1.0.0')
  .questions.find((q: Question) => !q.showIf && q.type === 'single')!;
const answer = (extra: Record<string, unknown>) => ({ ...answerFor(question, () => 0), ...extra });
/** Samples assembled at run time, so that the repository's own secret scan finds nothing here. */
const AWS_KEY_ID = `${'AKIA'}ABCDEFGHIJKLMNOP`;
const PEM_HEADER = `${'-----BEGIN'} RSA PRIVATE KEY-----`;
const unknownKey = () => `aim_${randomBytes(32).toString('base64url')}`;

/** An organisation, its owner key, and a second key of it that will leak. */
async function organisationWithKey(name: string) {
  const { organisation, token: owner } = await registerOrganisation(api, name);
  const minted = await api.post('/v1/tokens', { role: 'respondent', label: 'ci script' }, owner.secret);
  expect(minted.status).toBe(201);
  return { organisationId: organisation.id, owner, leaked: minted.body.token as { id: string; secret: string } };
}

const auditOf = async (owner: string) => (await api.get('/v1/audit?limit=200', owner)).body.events as { operation: string; actor: any; target: any }[];

describe('labels and reasons holding a secret', () => {
  it('refuses a key label, an exception, an invitation label and an agent label holding a secret, storing nothing, and revokes the AIM key in them', async () => {
    const { owner, leaked } = await organisationWithKey('Labelled Key Ltd');
    const keysBefore = (await api.get('/v1/tokens', owner.secret)).body.tokens.length;

    const labelled = await api.post('/v1/tokens', { role: 'respondent', label: `copy of ${leaked.secret}` }, owner.secret);
    expectProblem(labelled, 400, 'secret_in_text', '/body/label');
    expect(labelled.body.revokedKeys).toBe(1);
    expectProblem(await api.get('/v1/session', leaked.secret), 401, 'token_revoked');

    const excepted = await api.post('/v1/tokens', { role: 'owner', label: 'deploy bot', exception: `needs owner, see ${AWS_KEY_ID}` }, owner.secret);
    expectProblem(excepted, 400, 'secret_in_text', '/body/exception');
    expect((await api.get('/v1/tokens', owner.secret)).body.tokens).toHaveLength(keysBefore);

    const invited = await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label: `bot ${AWS_KEY_ID}` }, owner.secret);
    expectProblem(invited, 400, 'secret_in_text', '/body/label');
    expect((await api.get('/v1/invitations', owner.secret)).body.invitations ?? []).toEqual([]);

    const registered = await api.post(
      '/v1/agents',
      {
        label: `agent ${AWS_KEY_ID}`,
        role: 'respondent',
        federation: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:labelled/key:environment:prod' },
      },
      owner.secret,
    );
    expectProblem(registered, 400, 'secret_in_text', '/body/label');
    expect((await api.get('/v1/agents', owner.secret)).body.agents ?? []).toEqual([]);
  });
});

describe('answers holding a secret', () => {
  it('refuses a comment holding a live key of the organisation, stores nothing, and revokes the key in the same request with an audit event', async () => {
    const { owner, leaked } = await organisationWithKey('Pasted Key Ltd');
    const draft = await createDraft(api, owner.secret);
    const res = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: 0, answers: { [question.id]: answer({ comment: `our CI uses ${leaked.secret} for this` }) } },
      owner.secret,
    );
    expectProblem(res, 400, 'secret_in_text', `/body/answers/${question.id}/comment`);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.revokedKeys).toBe(1);
    expect(res.body.detail).toContain('revoked');
    // Neither the problem nor anything stored repeats the secret.
    expect(JSON.stringify(res.body)).not.toContain(leaked.secret);
    const stored = await api.get(`/v1/assessments/${draft.id}`, owner.secret);
    expect(stored.body).toMatchObject({ revision: 0, answers: {} });

    // The key is refused from now on; the caller's own key works on.
    expectProblem(await api.get('/v1/session', leaked.secret), 401, 'token_revoked');
    expect((await api.get('/v1/session', owner.secret)).status).toBe(200);
    const events = (await auditOf(owner.secret)).filter((e) => e.operation === LEAK_OPERATIONS.inText);
    expect(events).toEqual([
      expect.objectContaining({ target: { type: 'token', id: leaked.id, name: 'ci script' }, actor: expect.objectContaining({ tokenId: owner.id }) }),
    ]);
    const listed = (await api.get('/v1/tokens', owner.secret)).body.tokens as { id: string; revokedAt: string | null }[];
    expect(listed.find((t) => t.id === leaked.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('refuses generic secrets (an AWS access key id, a private key) in any text field, naming each, and revokes nothing', async () => {
    const { owner, leaked } = await organisationWithKey('Generic Secret Ltd');
    const draft = await createDraft(api, owner.secret);
    const res = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      {
        revision: 0,
        answers: {
          [question.id]: answer({ comment: `key id ${AWS_KEY_ID}`, evidence: [`https://wiki.example/keys?id=${AWS_KEY_ID}`] }),
        },
      },
      owner.secret,
    );
    expectProblem(res, 400, 'secret_in_text');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(
      [`/body/answers/${question.id}/comment`, `/body/answers/${question.id}/evidence/0`].sort(),
    );
    expect(res.body.revokedKeys).toBe(0);
    const notApplicable = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: 0, answers: { [question.id]: { notApplicable: true, reason: `${PEM_HEADER}\nMIIE…` } } },
      owner.secret,
    );
    expectProblem(notApplicable, 400, 'secret_in_text', `/body/answers/${question.id}/reason`);
    // Nothing stored, nothing revoked, no revocation audited.
    expect((await api.get(`/v1/assessments/${draft.id}`, owner.secret)).body).toMatchObject({ revision: 0, answers: {} });
    expect((await api.get('/v1/session', leaked.secret)).status).toBe(200);
    expect((await auditOf(owner.secret)).filter((e) => e.operation.startsWith('token.revoke'))).toEqual([]);
    // The same answer without the secret is saved.
    const clean = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: 0, answers: { [question.id]: answer({ comment: 'no secrets here' }) } },
      owner.secret,
    );
    expect(clean.status).toBe(200);
  });
});

describe('POST /v1/credentials/leaked', () => {
  it("revokes another organisation's key for an anonymous reporter, answering 202 without saying which secrets were keys", async () => {
    const other = await organisationWithKey('Leaky Elsewhere Ltd');
    const reported = answered(
      await api.contract().POST('/v1/credentials/leaked', { body: { secrets: [other.leaked.secret, unknownKey(), 'not a key at all'] } }),
    );
    expect(reported).toMatchObject({ status: 202, body: { received: 3 } });
    expect(Object.keys(reported.body!)).toEqual(['received']);
    // A report of nothing AIM knows gets the same answer.
    const nothing = answered(await api.contract().POST('/v1/credentials/leaked', { body: { secrets: [unknownKey(), 'x', unknownKey()] } }));
    expect(nothing).toMatchObject({ status: 202, body: { received: 3 } });

    expectProblem(await api.get('/v1/session', other.leaked.secret), 401, 'token_revoked');
    expect((await api.get('/v1/session', other.owner.secret)).status).toBe(200);
    const [event, ...more] = (await auditOf(other.owner.secret)).filter((e) => e.operation === LEAK_OPERATIONS.reported);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ target: { type: 'token', id: other.leaked.id }, actor: { tokenId: expect.stringMatching(/^leak-report:[0-9a-f]{16}$/) } });
    expect(event!.actor.label).toMatch(/^leak report from client [0-9a-f]{16}$/);
    // The reporter's address is hashed, never stored.
    expect(JSON.stringify(event)).not.toMatch(/127\.0\.0\.1|::1/);
    // Reporting it again changes nothing and is answered the same.
    expect((await api.post('/v1/credentials/leaked', { secrets: [other.leaked.secret] })).body).toEqual({ received: 1 });
    expect((await auditOf(other.owner.secret)).filter((e) => e.operation === LEAK_OPERATIONS.reported)).toHaveLength(1);
  });

  it('revokes pending invitations whose codes are reported or pasted into an answer: their holders can no longer join', async () => {
    const { owner } = await organisationWithKey('Leaky Invites Ltd');
    const invite = async (label: string) => {
      const created = await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label }, owner.secret);
      expect(created.status).toBe(201);
      return { id: created.body.invitation.id as string, code: created.body.code as string };
    };
    const statusOf = async (id: string) =>
      ((await api.get('/v1/invitations', owner.secret)).body.invitations as { id: string; status: string }[]).find((i) => i.id === id)?.status;
    const reported = await invite('reported bot');
    const pasted = await invite('pasted bot');

    expect((await api.post('/v1/credentials/leaked', { secrets: [`found: ${reported.code}`] })).body).toEqual({ received: 1 });
    expect(await statusOf(reported.id)).toBe('revoked');
    expectProblem(await api.post('/v1/invitations/accept', { code: reported.code }), 404, 'not_found');

    const draft = await createDraft(api, owner.secret);
    const res = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: 0, answers: { [question.id]: answer({ comment: `join with ${pasted.code}` }) } },
      owner.secret,
    );
    expectProblem(res, 400, 'secret_in_text', `/body/answers/${question.id}/comment`);
    expect(res.body).toMatchObject({ revokedKeys: 0, revokedInvitations: 1 });
    expect(await statusOf(pasted.id)).toBe('revoked');
    const operations = (await auditOf(owner.secret)).map((e) => e.operation);
    expect(operations).toEqual(expect.arrayContaining([LEAK_OPERATIONS.invitationReported, LEAK_OPERATIONS.invitationInText]));
  });

  it('refuses bodies out of bounds with 400 and the offending fields', async () => {
    const cases: [unknown, string][] = [
      [{ secrets: [] }, '/body/secrets'],
      [{ secrets: Array.from({ length: 21 }, unknownKey) }, '/body/secrets'],
      [{ secrets: [''] }, '/body/secrets/0'],
      [{ secrets: ['ok', 'x'.repeat(4001)] }, '/body/secrets/1'],
      [{ secrets: [42] }, '/body/secrets/0'],
      [{}, '/body/secrets'],
      [{ secrets: ['ok'], extra: true }, '/body/extra'],
    ];
    for (const [body, pointer] of cases) expectProblem(await api.post('/v1/credentials/leaked', body), 400, 'validation_failed', pointer);
  });
});

/** A lower limit than the default (30), so the test stays short; the variable is what it checks. */
const LEAK_REPORTS_PER_HOUR = 5;

describe('the leak report limit', () => {
  it(`allows ${LEAK_REPORTS_PER_HOUR} reports an hour per client, then answers 429 with Retry-After`, async () => {
    const fresh = await startTestPlatform({ withAdminKey: false, env: { AIM_LEAK_REPORTS_PER_HOUR: String(LEAK_REPORTS_PER_HOUR) } });
    try {
      const client = apiClient(fresh.url);
      for (let i = 0; i < LEAK_REPORTS_PER_HOUR; i++) expect((await client.post('/v1/credentials/leaked', { secrets: [unknownKey()] })).status).toBe(202);
      const limited = await client.post('/v1/credentials/leaked', { secrets: [unknownKey()] });
      expectProblem(limited, 429, 'too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3500);
    } finally {
      await fresh.stop();
    }
  });
});
