/**
 * The organisation's export (GET /v1/organisation/export) holds the programme it runs in
 * AIM too: its scopes, its improvement plans with every item, and its milestones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Programme Export Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

describe("the organisation's export", () => {
  it('holds its scopes, its plan with every item as last changed, and its milestones', async () => {
    const scope = await api.post('/v1/scopes', { name: 'Agent platform', kind: 'platform' }, world.tokens.owner);
    expect(scope.status).toBe(201);
    const submitted = await submitAssessment(api, world.tokens.owner!, questionnaire, () => 0);
    const plan = await api.post('/v1/plans/agent-identity/carry-forward', { assessmentId: submitted.id }, world.tokens.owner);
    expect(plan.status).toBe(201);
    const first = plan.body.items[0];
    const noted = await api.call('PATCH', `/v1/plans/agent-identity/items/${encodeURIComponent(first.controlId)}`, {
      token: world.tokens.owner,
      body: { revision: first.revision, notes: 'Budget agreed in Q1' },
    });
    expect(noted.status).toBe(200);
    const milestone = await api.post('/v1/milestones', { assessmentId: submitted.id, name: 'Baseline' }, world.tokens.owner);
    expect(milestone.status).toBe(201);

    const exported = await api.get('/v1/organisation/export', world.tokens.owner);
    expect(exported.status).toBe(200);
    expect(exported.body.scopes).toEqual([scope.body]);
    expect(exported.body.milestones).toEqual([milestone.body]);
    expect(exported.body.plans).toHaveLength(1);
    const [exportedPlan] = exported.body.plans;
    expect(exportedPlan).toMatchObject({ questionnaireId: 'agent-identity', basedOn: { assessmentId: submitted.id } });
    expect(exportedPlan).not.toHaveProperty('order');
    expect(exportedPlan.items.map((i: { controlId: string }) => i.controlId).sort()).toEqual(
      plan.body.items.map((i: { controlId: string }) => i.controlId).sort(),
    );
    expect(exportedPlan.items.find((i: { controlId: string }) => i.controlId === first.controlId)).toEqual(noted.body);
  });
});
