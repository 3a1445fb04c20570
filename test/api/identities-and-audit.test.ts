/**
 * Invitations, the audit trail, data rights and the brake on failed authentication,
 * through a real server on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { exactCohortSize } from '../support/cells';
import { verifyOrganisation } from '../support/verification';
import { registerOrganisation } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

const register = (name: string) => registerOrganisation(api, name, { industry: 'manufacturing', region: 'north-america' });

beforeAll(async () => {
  // k = 3 (the lowest allowed) keeps the withdrawal test small.
  platform = await startTestPlatform({ env: { AIM_K_ANONYMITY: '3' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

describe('invitations', () => {
  it('yields a token for the invited role, once', async () => {
    const { token: owner } = await register('Invite Ltd');
    const created = await api.post(
      '/v1/invitations',
      { role: 'respondent', actorType: 'agent', label: 'questionnaire bot', tokenExpiresInDays: 30 },
      owner.secret,
    );
    expect(created.status).toBe(201);
    expect(created.body.path).toBe(`/#/join/${created.body.code}`);
    expect(created.body.invitation).toMatchObject({ role: 'respondent', actorType: 'agent', status: 'pending' });
    expect(JSON.stringify(created.body.invitation)).not.toContain(created.body.code);

    const accepted = await api.post('/v1/invitations/accept', { code: created.body.code });
    expect(accepted.status).toBe(201);
    expect(accepted.body.token).toMatchObject({
      role: 'respondent',
      actorType: 'agent',
      label: 'questionnaire bot',
      expiresAt: expect.any(String),
      secret: expect.stringMatching(/^aim_/),
    });
    const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, accepted.body.token.secret);
    expect(draft.status).toBe(201);

    const again = await api.post('/v1/invitations/accept', { code: created.body.code });
    expect(again.status).toBe(404);
    const list = await api.get('/v1/invitations', owner.secret);
    expect(list.body.invitations[0]).toMatchObject({ status: 'accepted', acceptedTokenId: accepted.body.token.id });
  });

  it('lets exactly one of several simultaneous acceptances win', async () => {
    const { token: owner } = await register('Race Ltd');
    const { code } = (await api.post('/v1/invitations', { role: 'leader', actorType: 'agent', label: 'board' }, owner.secret)).body;
    const results = await Promise.all(Array.from({ length: 6 }, () => api.post('/v1/invitations/accept', { code })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 404, 404, 404, 404, 404]);
    const tokens = (await api.get('/v1/tokens', owner.secret)).body.tokens;
    expect(tokens.filter((t: any) => t.role === 'leader')).toHaveLength(1);
  });

  it('stops working once revoked, and says nothing about why', async () => {
    const { token: owner } = await register('Revoke Invite Ltd');
    const created = (await api.post('/v1/invitations', { role: 'leader', actorType: 'agent', label: 'changed my mind' }, owner.secret)).body;
    expect((await api.del(`/v1/invitations/${created.invitation.id}`, owner.secret)).status).toBe(204);
    const res = await api.post('/v1/invitations/accept', { code: created.code });
    expect(res.status).toBe(404);
    const unknown = await api.post('/v1/invitations/accept', { code: 'inv_never-issued-code' });
    expect(unknown.body.detail).toBe(res.body.detail);
  });
});

describe('audit trail', () => {
  it('records every change with its actor, shows agents as agents, and filters and pages', async () => {
    const { organisation, token: owner } = await register('Audit Ltd');
    const agent = (await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'filler agent' }, owner.secret)).body.token;
    const leader = (await api.post('/v1/tokens', { role: 'leader', label: 'ciso' }, owner.secret)).body.token;
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, agent.secret)).body;
    const answers = Object.entries(completeAnswers(questionnaire, () => 2));
    let revision = 0;
    for (const [questionId, answer] of answers.slice(0, 4)) {
      revision = (await api.patch(`/v1/assessments/${draft.id}/answers`, { revision, answers: { [questionId]: answer } }, agent.secret)).body.revision;
    }

    // Changes only: these keys' own reads of the trail are recorded too (test/api/audit-content.test.ts).
    const all = await api.get('/v1/audit?kind=changes&limit=200', leader.secret);
    expect(all.status).toBe(200);
    const operations = all.body.events.map((e: any) => e.operation);
    expect(operations).toEqual(expect.arrayContaining(['organisation.register', 'token.mint', 'assessment.create', 'assessment.answer']));
    expect(all.body.events.every((e: any) => e.organisationId === organisation.id)).toBe(true);
    const times = all.body.events.map((e: any) => e.at);
    expect(times).toEqual([...times].sort().reverse());

    // Every key is an agent's (the owner key too): no person acted here, only scripts.
    expect((await api.get('/v1/audit?actorType=human', owner.secret)).body.events).toEqual([]);
    const byAgents = await api.get(`/v1/audit?actorType=agent&actor=${agent.id}`, owner.secret);
    expect(byAgents.body.events).toHaveLength(5);
    for (const event of byAgents.body.events)
      expect(event.actor).toMatchObject({ tokenId: agent.id, actorType: 'agent', label: 'filler agent', role: 'respondent' });
    const answerEvent = byAgents.body.events.find((e: any) => e.operation === 'assessment.answer');
    expect(answerEvent.afterHash).toMatch(/^[0-9a-f]{64}$/);

    const byOwner = await api.get(`/v1/audit?kind=changes&actor=${owner.id}`, owner.secret);
    expect(byOwner.body.events.map((e: any) => e.operation).sort()).toEqual(['organisation.register', 'token.mint', 'token.mint']);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get(`/v1/audit?kind=changes&limit=3${cursor ? `&cursor=${cursor}` : ''}`, owner.secret);
      expect(page.body.events.length).toBeLessThanOrEqual(3);
      pages.push(...page.body.events.map((e: any) => e.id));
      cursor = page.body.next;
    } while (cursor);
    expect(pages).toEqual(all.body.events.map((e: any) => e.id));

    const future = await api.get(`/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, owner.secret);
    expect(future.body.events).toEqual([]);
    const bad = await api.get('/v1/audit?cursor=not-a-cursor', owner.secret);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/query/cursor');

    // A cursor from another query's time range (issue 13, finding 4: this answered 500).
    const first = await api.get('/v1/audit?kind=changes&limit=1', owner.secret);
    expect(first.body.next).toEqual(expect.any(String));
    const elsewhere = [`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`, `from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`];
    for (const range of elsewhere) {
      const mismatched = await api.get(`/v1/audit?kind=changes&${range}&cursor=${first.body.next}`, owner.secret);
      expect(mismatched.status, range).toBe(400);
      expect(mismatched.headers.get('content-type')).toContain('application/problem+json');
      expect(mismatched.body.errors[0].pointer).toBe('/query/cursor');
    }
    // The same cursor with a range that holds it goes on as before.
    const inRange = await api.get(`/v1/audit?kind=changes&from=${encodeURIComponent('2000-01-01T00:00:00Z')}&limit=1&cursor=${first.body.next}`, owner.secret);
    expect(inRange.status).toBe(200);
    expect(inRange.body.events[0].id).toBe(all.body.events[1].id);
  });

  it('offers no way to change or delete events', async () => {
    const { token: owner } = await register('Immutable Ltd');
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST'] as const) {
      const res = await api.call(method, '/v1/audit', { token: owner.secret, body: {} });
      expect(res.status).toBe(404);
    }
  });
});

describe('data rights', () => {
  it('exports everything the organisation owns, without secrets or hashes', async () => {
    const { organisation, token: owner } = await register('Export Ltd');
    const minted = (await api.post('/v1/tokens', { role: 'leader', label: 'exported' }, owner.secret)).body.token;
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner.secret)).body;
    await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers: completeAnswers(questionnaire, () => 1) }, owner.secret);
    await api.post(`/v1/assessments/${draft.id}/submit`, undefined, owner.secret);
    const res = await api.get('/v1/organisation/export', owner.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(res.body.organisation).toMatchObject({ id: organisation.id, name: 'Export Ltd' });
    expect(res.body.tokens.map((t: any) => t.id).sort()).toEqual([owner.id, minted.id].sort());
    expect(res.body.assessments).toHaveLength(1);
    expect(res.body.submissions).toHaveLength(1);
    expect(res.body.audit.length).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(owner.secret);
    expect(text).not.toContain(minted.secret);
    expect(text).not.toMatch(/"hash"/);
  });

  it('deletes the organisation on confirmation: tokens stop, data goes, benchmarks forget it', async () => {
    // A platform of its own, so that its cohort holds only these three organisations.
    const isolated = await startTestPlatform();
    const local = apiClient(isolated.url);
    try {
      const analyst = (await local.post('/v1/tokens', { role: 'analyst', label: 'checks withdrawal' }, isolated.adminKey)).body.token.secret;
      const cohort = '/v1/benchmarks?questionnaireId=agent-identity&industry=energy&region=middle-east-africa';
      const members: string[] = [];
      for (const name of ['Desert Power', 'Oasis Grid', 'Leaving Ltd']) {
        const res = await local.post('/v1/organisations', { name, industry: 'energy', sizeBand: '50-249', region: 'middle-east-africa' });
        const token = res.body.token.secret as string;
        await verifyOrganisation(local, isolated.adminKey, res.body.organisation.id);
        const draft = (await local.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, token)).body;
        await local.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers: completeAnswers(questionnaire, () => 3) }, token);
        expect((await local.post(`/v1/assessments/${draft.id}/submit`, undefined, token)).status).toBe(200);
        members.push(token);
      }
      const counted = async () => {
        await isolated.drainStream();
        return exactCohortSize(isolated, { industry: 'energy', region: 'middle-east-africa' });
      };
      await expect.poll(counted, { timeout: 20_000 }).toBe(3);
      const leaving = members[2]!;
      const respondent = (await local.post('/v1/tokens', { role: 'respondent', label: 'r' }, leaving)).body.token.secret;

      const wrong = await local.call('DELETE', '/v1/organisation', { token: leaving, body: { confirm: 'leaving ltd' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].pointer).toBe('/body/confirm');
      expect((await local.get('/v1/assessments', leaving)).status).toBe(200);

      const deleted = await local.call('DELETE', '/v1/organisation', { token: leaving, body: { confirm: 'Leaving Ltd' } });
      expect(deleted.status).toBe(204);
      expect((await local.get('/v1/assessments', leaving)).status).toBe(401);
      expect((await local.get('/v1/assessments', respondent)).status).toBe(401);
      // Two organisations are left in the cells the next release reads, and replaying the
      // stream does not bring the deleted organisation back.
      await expect.poll(counted, { timeout: 20_000 }).toBe(2);
      await isolated.drainStream();
      expect(await exactCohortSize(isolated)).toBe(2);
      expect((await local.get(cohort, analyst)).body).toMatchObject({ suppressed: true });
      // Its name leaves the admins' verification queue with the rest of its data.
      const queue = await local.get('/v1/admin/organisations?status=verified', isolated.adminKey);
      expect(queue.body.organisations.map((o: { name: string }) => o.name)).toEqual(['Desert Power', 'Oasis Grid']);
    } finally {
      await isolated.stop();
    }
  });
});

describe('failed authentication', () => {
  it('answers 429 with Retry-After after repeated failures from one client', async () => {
    const strict = await startTestPlatform({ env: { AIM_AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const client = apiClient(strict.url);
      // Guessed keys sent to the API as they are (the client would try to exchange them first).
      const guess = (secret: string) => client.call('GET', '/v1/assessments', { token: secret, raw: true });
      for (let i = 0; i < 3; i++) expect((await guess(`aim_guess_${i}`)).status).toBe(401);
      const limited = await guess('aim_guess_4');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Requests without a token are not guesses and still get their plain 401 (issue 13:
      // they used to get 429 too; test/api/rate-limits.test.ts has the rest).
      expect((await client.get('/v1/assessments')).status).toBe(401);
      expect((await client.get('/v1/taxonomy')).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });
});
