/**
 * The audit trail as people read it, through a real server on DynamoDB Local: events name
 * their actor and target (keys by label, also once revoked; assessments by questionnaire,
 * version and day; reports by their assessment), reading a report as data records no
 * report event while a PDF download records one, the filter list names members, agents
 * and keys, and a reversed date range is a 400 naming `from`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let owner: string;
let assessmentId: string;
let revokedKeyId: string;

interface TrailEvent {
  operation: string;
  actor: { tokenId: string; label: string; name: string };
  target: { type: string; id: string; name: string | null };
}

const trail = async (query = 'kind=changes&limit=200'): Promise<TrailEvent[]> => {
  const res = await api.get(`/v1/audit?${query}`, owner);
  expect(res.status).toBe(200);
  return res.body.events;
};

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  const questionnaire: ServedQuestionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  owner = (await registerOrganisation(api, 'Readable Trail Ltd')).token.secret;
  const minted = await api.post('/v1/tokens', { role: 'respondent', label: 'Nightly export script' }, owner);
  expect(minted.status).toBe(201);
  revokedKeyId = minted.body.token.id;
  expect((await api.del(`/v1/tokens/${revokedKeyId}`, owner)).status).toBe(204);

  assessmentId = (await createDraft(api, owner)).id;
  const answers = completeAnswers(questionnaire, (n) => n - 1);
  expect((await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 0, answers }, owner)).status).toBe(200);
  expect((await api.post(`/v1/assessments/${assessmentId}/submit`, undefined, owner)).status).toBe(200);
});

afterAll(async () => {
  await platform?.stop();
});

describe('GET /v1/audit names what each event is about', () => {
  it('names keys by label (a revoked one too) and the assessment by questionnaire, version and day', async () => {
    const events = await trail();
    const revoke = events.find((e) => e.operation === 'token.revoke');
    expect(revoke?.target).toEqual({ type: 'token', id: revokedKeyId, name: 'Nightly export script' });
    const submit = events.find((e) => e.operation === 'assessment.submit');
    expect(submit?.target.id).toBe(assessmentId);
    expect(submit?.target.name).toMatch(/^Agent Identity.* 1\.0\.0, submitted \d{1,2} [A-Z][a-z]{2} \d{4}$/i);
    // The owner key registered the organisation: it acts under its label, its id kept beside it.
    for (const e of events) {
      expect(e.actor.name).not.toMatch(UUID);
      expect(e.actor.tokenId).toEqual(expect.any(String));
    }
    expect(events.filter((e) => e.target.type !== 'route').every((e) => e.target.name && !UUID.test(e.target.name))).toBe(true);
  });

  it('names who submitted an assessment, in the assessment itself and in the list (history tells entries apart by it)', async () => {
    const session = (await api.get('/v1/session', owner)).body;
    const one = await api.get(`/v1/assessments/${assessmentId}`, owner);
    expect(one.body.submittedBy).toEqual(expect.objectContaining({ label: session.label, tokenId: expect.any(String) }));
    const draft = await createDraft(api, owner);
    const list = (await api.get('/v1/assessments', owner)).body.assessments as { id: string; submittedBy?: unknown }[];
    expect(list.find((a) => a.id === assessmentId)?.submittedBy).toEqual(one.body.submittedBy);
    expect(list.find((a) => a.id === draft.id)).not.toHaveProperty('submittedBy');
  });

  it('lists the members, agents and keys to filter by, by name, with the id the filter takes', async () => {
    const res = await api.get('/v1/audit/actors', owner);
    expect(res.status).toBe(200);
    const keys = res.body.actors.filter((a: { kind: string }) => a.kind === 'key');
    expect(keys).toEqual(
      expect.arrayContaining([{ id: revokedKeyId, kind: 'key', name: 'Nightly export script', detail: expect.stringMatching(/^revoked /) }]),
    );
    // The owner key, chosen from the list, narrows the trail to its events.
    const ownerKey = (await trail()).find((e) => e.operation === 'token.revoke')!.actor;
    expect(keys).toEqual(expect.arrayContaining([expect.objectContaining({ id: ownerKey.tokenId, name: ownerKey.name })]));
    const byKey = await trail(`actor=${ownerKey.tokenId}`);
    expect(byKey.length).toBeGreaterThan(0);
    expect(byKey.every((e) => e.actor.tokenId === ownerKey.tokenId)).toBe(true);
    expect(await trail(`actor=${revokedKeyId}`)).toEqual([]);
  });

  it('answers a reversed date range with 400 validation_failed naming `from`', async () => {
    const res = await api.get('/v1/audit?from=2026-06-02T00:00:00.000Z&to=2026-06-01T00:00:00.000Z', owner);
    expectProblem(res, 400, 'validation_failed', '/query/from');
  });
});

describe('report events', () => {
  it('records no report event when the report is read as data, and one per PDF download', async () => {
    const reportEvents = async () => (await trail()).filter((e) => e.operation === 'reports.generate');
    expect(await reportEvents()).toHaveLength(0);
    for (const _ of [1, 2]) expect((await api.get(`/v1/assessments/${assessmentId}/report.json`, owner)).status).toBe(200);
    expect(await reportEvents()).toHaveLength(0);
    // The JSON report's digest still verifies: its record is stored without an event.
    const model = (await api.get(`/v1/assessments/${assessmentId}/report.json`, owner)).body;
    expect((await api.get(`/v1/reports/verify?reportId=${model.reportId}&sha256=${model.provenance.sha256}`, owner)).body.verified).toBe(true);

    const pdf = await api.get(`/v1/assessments/${assessmentId}/report.pdf`, owner);
    expect(pdf.status).toBe(200);
    const after = await reportEvents();
    expect(after).toHaveLength(1);
    expect(after[0]!.target).toMatchObject({ type: 'report', id: pdf.headers.get('x-report-id') });
    expect(after[0]!.target.name).toMatch(/^Report on .* 1\.0\.0, submitted /);
  });
});
