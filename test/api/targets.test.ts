/**
 * Targets (issue 19), through a real server on DynamoDB Local: owners and leaders set a
 * target level per domain (and optionally overall) with a date; every change is a new
 * revision, audited, with the earlier ones in the history; a change based on a stale
 * revision conflicts with the current targets in the problem; respondents read them;
 * platform roles get nothing; report.json shows the gap to target per domain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { API_KEY_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../support/key-exchange';
import { postTokenForm } from '../support/token-endpoint';
import { makeWorld, type World } from '../support/world';

const TARGETS = '/v1/targets/agent-identity';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;

const put = (body: unknown, token: string | undefined) => api.call('PUT', TARGETS, { body, token });

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Targets Ltd');
});

afterAll(async () => {
  await platform?.stop();
});

describe('targets', () => {
  it('are not set at first: 404 targets_not_set, an empty history; an unknown questionnaire is 404 not_found', async () => {
    expectProblem(await api.get(TARGETS, world.tokens.owner), 404, 'targets_not_set');
    const history = await api.get(`${TARGETS}/history`, world.tokens.owner);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ versions: [] });
    expectProblem(await api.get('/v1/targets/no-such-questionnaire', world.tokens.owner), 404, 'not_found');
  });

  it('are set, read back and kept in the history with every earlier revision', async () => {
    const first = await put(
      { revision: 0, domains: { auditing: 3, 'identity-separation': 4 }, targetDate: '2027-06-30', note: 'Board goal' },
      world.tokens.owner,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      questionnaireId: 'agent-identity',
      revision: 1,
      // In questionnaire order, whatever order they were sent in.
      domains: { 'identity-separation': 4, auditing: 3 },
      overall: null,
      targetDate: '2027-06-30',
      note: 'Board goal',
      setBy: { role: 'owner' },
    });
    expect(Object.keys(first.body.domains)).toEqual(['identity-separation', 'auditing']);

    // A leader changes them, based on the revision they saw.
    const second = await put({ revision: 1, domains: { auditing: 4 }, overall: 3, targetDate: '2027-12-31' }, world.tokens.leader);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ revision: 2, domains: { auditing: 4 }, overall: 3, note: null, setBy: { role: 'leader' } });

    const current = await api.get(TARGETS, world.tokens.respondent);
    expect(current.status).toBe(200);
    expect(current.body).toEqual(second.body);
    const history = await api.get(`${TARGETS}/history`, world.tokens.respondent);
    expect(history.status).toBe(200);
    expect(history.body.versions).toEqual([second.body, first.body]);
  });

  it('refuse a change based on a stale revision with 409 and the current targets, writing nothing', async () => {
    const current = (await api.get(TARGETS, world.tokens.owner)).body;
    const stale = await put({ revision: 1, domains: { auditing: 1 }, targetDate: '2027-01-31' }, world.tokens.owner);
    expectProblem(stale, 409, 'revision_conflict');
    expect(stale.body.currentRevision).toBe(current.revision);
    expect(stale.body.current).toEqual(current);
    // Revision 0 (none set yet, as a second first-time setter believes) conflicts too.
    const first = await put({ revision: 0, domains: { auditing: 1 }, targetDate: '2027-01-31' }, world.tokens.owner);
    expectProblem(first, 409, 'revision_conflict');
    expect((await api.get(TARGETS, world.tokens.owner)).body).toEqual(current);
  });

  it('refuse a domain the questionnaire does not have, pointing at it, and invalid levels and dates', async () => {
    const revision = (await api.get(TARGETS, world.tokens.owner)).body.revision;
    const unknown = await put({ revision, domains: { auditing: 4, 'quantum-readiness': 3 }, targetDate: '2027-06-30' }, world.tokens.owner);
    expectProblem(unknown, 400, 'validation_failed', '/body/domains/quantum-readiness');
    expectProblem(
      await put({ revision, domains: { auditing: 6 }, targetDate: '2027-06-30' }, world.tokens.owner),
      400,
      'validation_failed',
      '/body/domains/auditing',
    );
    expectProblem(await put({ revision, domains: {}, targetDate: '2027-06-30' }, world.tokens.owner), 400, 'validation_failed', '/body/domains');
    expectProblem(
      await put({ revision, domains: { auditing: 3 }, targetDate: '30/06/2027' }, world.tokens.owner),
      400,
      'validation_failed',
      '/body/targetDate',
    );
    const bidi = await put({ revision, domains: { auditing: 3 }, targetDate: '2027-06-30', note: 'goal \u202Eevil' }, world.tokens.owner);
    expectProblem(bidi, 400, 'validation_failed', '/body/note');
    expect((await api.get(TARGETS, world.tokens.owner)).body.revision).toBe(revision);
  });

  it('are read by respondents but set only by owners and leaders; platform roles get neither', async () => {
    const revision = (await api.get(TARGETS, world.tokens.respondent)).body.revision;
    const body = { revision, domains: { auditing: 2 }, targetDate: '2027-06-30' };
    expectProblem(await put(body, world.tokens.respondent), 403, 'forbidden');
    for (const platformRole of [world.tokens.analyst, world.tokens.admin]) {
      expectProblem(await api.get(TARGETS, platformRole), 403, 'forbidden');
      expectProblem(await api.get(`${TARGETS}/history`, platformRole), 403, 'forbidden');
      expectProblem(await put(body, platformRole), 403, 'forbidden');
    }
    // Another organisation has targets of its own: none.
    expectProblem(await api.get(TARGETS, world.tokens.otherOrg), 404, 'targets_not_set');
  });

  it("are read, never set, by a token bound to one assessment (they are the organisation's)", async () => {
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.2.0' }, world.tokens.owner)).body;
    const exchanged = await postTokenForm(platform.url, {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: world.tokens.leader!,
      subject_token_type: API_KEY_TOKEN_TYPE,
      scope: 'targets.read targets.write',
      resource: `${platform.url}/v1/assessments/${draft.id}`,
    });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const bound = exchanged.body.access_token as string;
    expect((exchanged.body.scope as string).split(' ')).not.toContain('targets.write');
    const current = await api.get(TARGETS, bound);
    expect(current.status).toBe(200);
    expectProblem(await put({ revision: current.body.revision, domains: { auditing: 2 }, targetDate: '2027-06-30' }, bound), 403, 'forbidden');
  });

  it('audit every change as targets.set, with before and after, named in words', async () => {
    const res = await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner);
    expect(res.status).toBe(200);
    const events = (res.body.events as { operation: string; target: unknown; beforeHash: string | null; afterHash: string | null; actor: { role: string } }[])
      .filter((e) => e.operation === 'targets.set')
      .reverse();
    expect(events).toHaveLength(2);
    for (const e of events) expect(e.target).toEqual({ type: 'targets', id: 'agent-identity', name: 'Targets for Agent Identity Governance' });
    const [first, second] = events as [(typeof events)[0], (typeof events)[0]];
    expect(first.beforeHash).toBeNull();
    expect(first.afterHash).toMatch(/^[0-9a-f]{64}$/);
    // The second change starts where the first ended.
    expect(second.beforeHash).toBe(first.afterHash);
    expect(second.afterHash).not.toBe(second.beforeHash);
    expect(second.actor.role).toBe('leader');
  });

  it("are in the organisation's export, every revision", async () => {
    const history = (await api.get(`${TARGETS}/history`, world.tokens.owner)).body.versions;
    const exported = await api.get('/v1/organisation/export', world.tokens.owner);
    expect(exported.status).toBe(200);
    expect(exported.body.targets).toEqual([...history].reverse());
  });

  it('show in report.json as the levels to go per targeted domain and overall', async () => {
    const questionnaire: ServedQuestionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
    // Every answer at its lowest option: every domain well below a target of 4.
    const { id, scores } = await submitAssessment(api, world.tokens.owner!, questionnaire, () => 0);
    const revision = (await api.get(TARGETS, world.tokens.owner)).body.revision;
    const set = await put({ revision, domains: { auditing: 4, 'access-scoping': 1 }, overall: 3, targetDate: '2027-06-30' }, world.tokens.owner);
    expect(set.status).toBe(200);

    const report = await api.get(`/v1/assessments/${id}/report.json`, world.tokens.owner);
    expect(report.status).toBe(200);
    const levelOf = (domainId: string) => scores.domains[domainId]!.level;
    expect(report.body.targets).toEqual({
      revision: revision + 1,
      targetDate: '2027-06-30',
      overall: { target: 3, level: scores.overall.level, levelsToGo: Math.max(0, 3 - scores.overall.level) },
      domains: [
        { domainId: 'access-scoping', title: expect.any(String), target: 1, level: levelOf('access-scoping'), levelsToGo: 0 },
        { domainId: 'auditing', title: expect.any(String), target: 4, level: levelOf('auditing'), levelsToGo: 4 - levelOf('auditing') },
      ],
    });
    expect(report.body.targets.domains[1].levelsToGo).toBeGreaterThan(0);
  });

  it('leave report.json without targets where none are set', async () => {
    const other = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body as ServedQuestionnaire;
    const { id } = await submitAssessment(api, world.tokens.otherOrg!, other, () => 0);
    const report = await api.get(`/v1/assessments/${id}/report.json`, world.tokens.otherOrg);
    expect(report.status).toBe(200);
    expect(report.body.targets).toBeNull();
  });
});
