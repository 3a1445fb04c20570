/**
 * An agent's credential presented by a browser (Fetch Metadata headers, which browsers send
 * and scripts cannot remove) is refused with 403 `interactive_agent_use` and recorded as a
 * refusal: a person using an agent's identity interactively (docs/security.md, "Interactive
 * use of an agent's identity"). Agents' own clients are unaffected. Every key is an agent's, also
 * one stored as `human` before people signed in, so no key works from a browser.
 * Through a real server on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../functions/services/entities';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { storeOwnerKey } from '../support/stored-keys';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  // Alert only: this file tests the refusal of every use; containment (revoking at the first) is test/api/containment.test.ts.
  platform = await startTestPlatform({ withAdminKey: false, env: { AIM_CONTAINMENT: 'alert' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

/** What a browser adds to a fetch() from a page of another origin. */
const BROWSER = { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'empty' };

const mint = async (owner: string, actorType: 'agent') =>
  (await api.post('/v1/tokens', { role: 'respondent', actorType, label: `respondent ${actorType}` }, owner)).body.token as { id: string; secret: string };

describe("an agent's credential used from a browser", () => {
  it('is refused on reads and writes, recorded as a refusal with its request id, while its own client goes on', async () => {
    const { organisation, token: owner } = await registerOrganisation(api, 'Interactive Use Ltd');
    const agent = await mint(owner.secret, 'agent');
    // A key stored as a person's by an earlier version is a script's key all the same.
    const storedAsPerson = await storeOwnerKey(platform, {
      organisationId: organisation.id,
      label: 'stored as a person',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const draft = await createDraft(api, owner.secret);

    const read = await api.call('GET', '/v1/assessments', { token: agent.secret, headers: BROWSER });
    expectProblem(read, 403, 'interactive_agent_use');
    const typedIn = await api.call('GET', '/v1/assessments', { token: agent.secret, headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' } });
    expectProblem(typedIn, 403, 'interactive_agent_use');
    const answers = Object.fromEntries(Object.entries(completeAnswers(questionnaire, () => 1)).slice(0, 1));
    const write = await api.call('PATCH', `/v1/assessments/${draft.id}/answers`, { token: agent.secret, headers: BROWSER, body: { revision: 0, answers } });
    expectProblem(write, 403, 'interactive_agent_use');
    expect((await api.get(`/v1/assessments/${draft.id}`, owner.secret)).body.revision).toBe(0);

    expectProblem(await api.call('GET', '/v1/assessments', { token: storedAsPerson, headers: BROWSER }), 403, 'interactive_agent_use');

    // The agent's own client is unaffected. Node's fetch,
    // which this test uses, sends Sec-Fetch-Mode by itself, but never Sec-Fetch-Site.
    expect((await api.get('/v1/assessments', agent.secret)).status).toBe(200);
    expect((await api.call('GET', '/v1/assessments', { token: agent.secret, headers: { 'sec-fetch-mode': 'cors' } })).status).toBe(200);

    const events = (await api.get(`/v1/audit?outcome=refused&actor=${agent.id}&limit=50`, owner.secret)).body.events as AuditEvent[];
    const refusals = events.filter((e) => e.decision?.reason === 'interactive_agent_use');
    expect(refusals.map((e) => e.request?.method).sort()).toEqual(['GET', 'GET', 'PATCH']);
    expect(refusals.map((e) => e.correlationId)).toContain(read.headers.get('x-request-id'));
    for (const event of refusals) expect(event).toMatchObject({ operation: 'refused', decision: { outcome: 'refused', operation: 'interactive-use' } });
  });
});
