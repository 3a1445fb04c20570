/**
 * Verification over HTTP with the stream running: the admins' queue and decision, what
 * an organisation sees of its own state, and cohorts that count verified organisations
 * only (docs/benchmarks.md, "Verification"): checked exactly in the cells, since the
 * released figures carry noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { operations } from '../../functions/contract/openapi-types';
import { answered, apiClient, type ApiClient, type ContractClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { exactCohortSize } from '../support/cells';
import { verifyOrganisation } from '../support/verification';
import { bodyOf, registerOrganisation, submitAssessment } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let analyst: string;
let admin: ContractClient;
let questionnaire: ServedQuestionnaire;
let newcomer: { id: string; token: string; assessmentId: string };

async function submitted(name: string, level: number) {
  const reg = await registerOrganisation(api, name, { industry: 'energy' });
  const token = reg.token.secret;
  const { id } = await submitAssessment(api, token, questionnaire, (n) => Math.min(n - 1, level));
  return { id: reg.organisation.id, token, assessmentId: id };
}

const energy = () => exactCohortSize(platform, { industry: 'energy' });
type Decision = operations['decideVerification']['requestBody']['content']['application/json']['decision'];
const decide = async (id: string, decision: Decision, token = platform.adminKey) =>
  answered(await api.contract(token).POST('/v1/admin/organisations/{id}/verification', { params: { path: { id } }, body: { decision } }));
type QueueQuery = NonNullable<operations['listOrganisationsToVerify']['parameters']['query']>;
const queue = async (query: QueueQuery) => bodyOf(await admin.GET('/v1/admin/organisations', { params: { query } }));
/** The organisation of a key's session, as GET /v1/session tells it. */
const ownOrganisation = async (token: string) => bodyOf(await api.contract(token).GET('/v1/session')).organisation;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  admin = api.contract(platform.adminKey);
  questionnaire = bodyOf(
    await api.contract().GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id: 'agent-identity', version: '1.0.0' } } }),
  );
  analyst = bodyOf(await admin.POST('/v1/tokens', { body: { role: 'analyst', label: 'analyst' } })).token.secret;
  for (let i = 0; i < 3; i++) {
    const org = await submitted(`Verified grid ${i}`, i + 1);
    await verifyOrganisation(api, platform.adminKey, org.id);
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
    const own = api.contract(newcomer.token);
    const position = bodyOf(
      await own.GET('/v1/assessments/{id}/benchmark', { params: { path: { id: newcomer.assessmentId }, query: { industry: 'energy' } } }),
    );
    // Three verified organisations are too few to release: the reference population stands in, with the real cohort's status.
    expect(position).toMatchObject({
      cohort: { industry: 'energy', population: 'reference' },
      reference: true,
      realCohort: { status: 'withheld', releaseDate: expect.any(String) },
    });
    const cohort = await api.contract(analyst).GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity', industry: 'energy' } } });
    expect(cohort.response.status).toBe(200);
    expect(await ownOrganisation(newcomer.token)).toMatchObject({ id: newcomer.id, verification: 'unverified' });
    const exported = bodyOf(await own.GET('/v1/organisation/export'));
    expect(exported.organisation).toMatchObject({ verification: 'unverified' });
  });

  it('lists the queue for admins, oldest first, with submission counts', async () => {
    expect((await queue({ status: 'unverified' })).organisations).toEqual([
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
    const verified = await queue({ status: 'verified', limit: 2 });
    expect(verified.organisations.map((o) => o.name)).toEqual(['Verified grid 0', 'Verified grid 1']);
    const rest = await queue({ status: 'verified', limit: 2, cursor: verified.next });
    expect(rest.organisations.map((o) => o.name)).toEqual(['Verified grid 2']);
  });

  it('counts the organisation once approved, and not after a rejection', async () => {
    const approved = await decide(newcomer.id, 'verified');
    expect(approved).toMatchObject({ status: 200, body: { organisation: { id: newcomer.id, verification: 'verified' } } });
    await platform.drainStream();
    expect(await energy()).toBe(4);
    expect((await ownOrganisation(newcomer.token))?.verification).toBe('verified');
    const audit = bodyOf(await api.contract(newcomer.token).GET('/v1/audit'));
    expect(audit.events.map((e) => e.operation)).toContain('organisation.verification');

    expect((await decide(newcomer.id, 'rejected')).status).toBe(200);
    await platform.drainStream();
    expect(await energy()).toBe(3);
    expect((await queue({ status: 'rejected' })).organisations.map((o) => o.id)).toEqual([newcomer.id]);
  });

  it('answers 409 for the state it already has, 404 for unknown organisations and 400 for bad input', async () => {
    const again = await decide(newcomer.id, 'rejected');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'verification_unchanged', verification: 'rejected' });
    expect((await decide('00000000-0000-4000-8000-000000000000', 'verified')).body).toMatchObject({ status: 404, code: 'not_found' });
    // A decision and a status the document does not list: only the untyped client can send them.
    expect((await api.post(`/v1/admin/organisations/${newcomer.id}/verification`, { decision: 'approved' }, platform.adminKey)).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ pointer: '/body/decision' })],
    });
    expect((await api.get('/v1/admin/organisations?status=pending', platform.adminKey)).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ pointer: '/query/status' })],
    });
    expect((await admin.GET('/v1/admin/organisations', { params: { query: { limit: 500 } } })).response.status).toBe(400);
  });

  it('answers 403 to every role but admin', async () => {
    const leader = bodyOf(await api.contract(newcomer.token).POST('/v1/tokens', { body: { role: 'leader', label: 'leader' } })).token.secret;
    for (const token of [newcomer.token, leader, analyst]) {
      expect((await api.contract(token).GET('/v1/admin/organisations')).response.status).toBe(403);
      expect((await decide(newcomer.id, 'verified', token)).status).toBe(403);
    }
    // An owner cannot verify its own organisation either.
    expect((await ownOrganisation(newcomer.token))?.verification).toBe('rejected');
  });
});
