/**
 * Verification over HTTP with the stream running: the admins' queue and decision, what
 * an organisation sees of its own state, and cohorts that count verified organisations
 * only (docs/benchmarks.md, "Verification"): checked exactly in the cells, since the
 * released figures carry noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { exactCohortSize } from '../support/cells';
import { verifyOrganisation } from '../support/verification';
import { registerOrganisation, submitAssessment } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let analyst: string;
let questionnaire: ServedQuestionnaire;
let newcomer: { id: string; token: string; assessmentId: string };

async function submitted(name: string, level: number) {
  const reg = await registerOrganisation(api, name, { industry: 'energy' });
  const token = reg.token.secret;
  const { id } = await submitAssessment(api, token, questionnaire, (n) => Math.min(n - 1, level));
  return { id: reg.organisation.id, token, assessmentId: id };
}

const energy = () => exactCohortSize(platform, { industry: 'energy' });
const decide = (id: string, decision: string, token = platform.adminToken) => api.post(`/v1/admin/organisations/${id}/verification`, { decision }, token);

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  analyst = (await api.post('/v1/tokens', { role: 'analyst', label: 'analyst' }, platform.adminToken)).body.token.secret;
  for (let i = 0; i < 3; i++) {
    const org = await submitted(`Verified grid ${i}`, i + 1);
    await verifyOrganisation(api, platform.adminToken, org.id);
  }
  newcomer = await submitted('Newcomer grid', 4);
  await platform.drainStream();
});

afterAll(async () => {
  await platform?.stop();
});

describe('verification over HTTP', () => {
  it('keeps an unverified organisation out of the cohorts while it still sees its position', async () => {
    expect(await energy()).toBe(3);
    const position = await api.get(`/v1/assessments/${newcomer.assessmentId}/benchmark?industry=energy`, newcomer.token);
    expect(position.status).toBe(200);
    expect(position.body).toMatchObject({ cohort: { industry: 'energy' }, release: { period: 'day' } });
    expect(await api.get('/v1/benchmarks?questionnaireId=agent-identity&industry=energy', analyst)).toMatchObject({ status: 200 });
    const session = await api.get('/v1/session', newcomer.token);
    expect(session.body.organisation).toMatchObject({ id: newcomer.id, verification: 'unverified' });
    const exported = await api.get('/v1/organisation/export', newcomer.token);
    expect(exported.body.organisation).toMatchObject({ verification: 'unverified' });
  });

  it('lists the queue for admins, oldest first, with submission counts', async () => {
    const queue = await api.get('/v1/admin/organisations?status=unverified', platform.adminToken);
    expect(queue.status).toBe(200);
    expect(queue.body.organisations).toEqual([
      expect.objectContaining({
        id: newcomer.id,
        name: 'Newcomer grid',
        industry: 'energy',
        sizeBand: '250-999',
        region: 'europe',
        createdAt: expect.any(String),
        verification: 'unverified',
        submissions: 1,
      }),
    ]);
    const verified = await api.get('/v1/admin/organisations?status=verified&limit=2', platform.adminToken);
    expect(verified.body.organisations.map((o: { name: string }) => o.name)).toEqual(['Verified grid 0', 'Verified grid 1']);
    const rest = await api.get(`/v1/admin/organisations?status=verified&limit=2&cursor=${encodeURIComponent(verified.body.next)}`, platform.adminToken);
    expect(rest.body.organisations.map((o: { name: string }) => o.name)).toEqual(['Verified grid 2']);
  });

  it('counts the organisation once approved, and not after a rejection', async () => {
    const approved = await decide(newcomer.id, 'verified');
    expect(approved.status).toBe(200);
    expect(approved.body.organisation).toMatchObject({ id: newcomer.id, verification: 'verified' });
    await platform.drainStream();
    expect(await energy()).toBe(4);
    expect((await api.get('/v1/session', newcomer.token)).body.organisation.verification).toBe('verified');
    const audit = await api.get('/v1/audit', newcomer.token);
    expect(audit.body.events.map((e: { operation: string }) => e.operation)).toContain('organisation.verification');

    expect((await decide(newcomer.id, 'rejected')).status).toBe(200);
    await platform.drainStream();
    expect(await energy()).toBe(3);
    expect((await api.get('/v1/admin/organisations?status=rejected', platform.adminToken)).body.organisations.map((o: { id: string }) => o.id)).toEqual([
      newcomer.id,
    ]);
  });

  it('answers 409 for the state it already has, 404 for unknown organisations and 400 for bad input', async () => {
    const again = await decide(newcomer.id, 'rejected');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'verification_unchanged', verification: 'rejected' });
    expect((await decide('00000000-0000-4000-8000-000000000000', 'verified')).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await decide(newcomer.id, 'approved')).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ pointer: '/body/decision' })],
    });
    expect((await api.get('/v1/admin/organisations?status=pending', platform.adminToken)).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ pointer: '/query/status' })],
    });
    expect((await api.get('/v1/admin/organisations?limit=500', platform.adminToken)).status).toBe(400);
  });

  it('answers 403 to every role but admin', async () => {
    const leader = (await api.post('/v1/tokens', { role: 'leader', label: 'leader' }, newcomer.token)).body.token.secret;
    for (const token of [newcomer.token, leader, analyst]) {
      expect((await api.get('/v1/admin/organisations', token)).status).toBe(403);
      expect((await decide(newcomer.id, 'verified', token)).status).toBe(403);
    }
    // An owner cannot verify its own organisation either.
    expect((await api.get('/v1/session', newcomer.token)).body.organisation.verification).toBe('rejected');
  });
});
