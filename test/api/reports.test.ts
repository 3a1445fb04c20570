/**
 * The report routes through a real server on DynamoDB Local: the PDF (read back with
 * qpdf and pdftotext), the JSON model, and the verification of a report's SHA-256.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { createDraft, registerOrganisation } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;
const dir = mkdtempSync(join(tmpdir(), 'aim-report-api-'));

const NAME = 'Zürich Ærø Łódź Ltd';

const register = async (name: string) => (await registerOrganisation(api, name)).token.secret;
const draft = async (token: string) => (await createDraft(api, token)).id;

/** A submitted assessment; `pick` chooses each answer's level. */
async function submitted(token: string, pick: (levels: number) => number, comment?: string) {
  const id = await draft(token);
  const answers = completeAnswers(questionnaire, (n) => pick(n));
  if (comment) {
    const first = Object.keys(answers)[0]!;
    answers[first] = { ...answers[first]!, comment, evidence: ['https://evidence.example.com/policy'] };
  }
  expect((await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers }, token)).status).toBe(200);
  const res = await api.post(`/v1/assessments/${id}/submit`, undefined, token);
  expect(res.status).toBe(200);
  return { id, scores: res.body.scores };
}

let owner: string;
let other: string;
let earlier: Awaited<ReturnType<typeof submitted>>;
let latest: Awaited<ReturnType<typeof submitted>>;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  owner = await register(NAME);
  other = await register('Other Org');
  earlier = await submitted(owner, () => 0);
  latest = await submitted(owner, (n) => n - 2, 'Rolled out to every team – see the policy.');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/assessments/{id}/report.pdf', () => {
  it('renders a PDF that qpdf accepts, with the name, sections, scores and its digest', async () => {
    const res = await api.get(`/v1/assessments/${latest.id}/report.pdf`, owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const reportId = res.headers.get('x-report-id')!;
    const sha256 = res.headers.get('x-report-sha256')!;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);

    const file = join(dir, 'report.pdf');
    writeFileSync(file, res.body);
    expect(execFileSync('/usr/bin/qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of [
      NAME,
      'Executive summary',
      'Domains against the cohort',
      'Roadmap',
      'Trend',
      'Method and provenance',
      'Appendix: every answer',
      reportId,
      sha256,
    ])
      expect(text).toContain(s);
    expect(text).toContain(latest.scores.overall.score.toFixed(2));
    expect(text).toContain(earlier.scores.overall.score.toFixed(2));

    const check = await api.get(`/v1/reports/verify?reportId=${reportId}&sha256=${sha256}`, owner);
    expect(check.body).toMatchObject({ reportId, assessmentId: latest.id, verified: true });
  });

  it('answers another organisation with 404 and a draft with 409', async () => {
    expectProblem(await api.get(`/v1/assessments/${latest.id}/report.pdf`, other), 404, 'not_found');
    expectProblem(await api.get(`/v1/assessments/${await draft(owner)}/report.pdf`, owner), 409, 'assessment_not_submitted');
  });
});

describe('GET /v1/assessments/{id}/report.json', () => {
  it('serves the report model with the trend of earlier submissions and the appendix', async () => {
    const res = await api.get(`/v1/assessments/${latest.id}/report.json`, owner);
    expect(res.status).toBe(200);
    const model = res.body;
    expect(model.cover).toMatchObject({ organisation: { name: NAME }, questionnaire: { id: 'agent-identity', version: '1.0.0' }, assessmentId: latest.id });
    expect(model.overall.score).toBe(latest.scores.overall.score);
    expect(model.domains.map((d: any) => d.id)).toEqual(questionnaire.domains.map((d) => d.id));
    expect(model.trend.points.map((p: any) => [p.assessmentId, p.overall, p.current])).toEqual([
      [earlier.id, earlier.scores.overall.score, false],
      [latest.id, latest.scores.overall.score, true],
    ]);
    expect(model.provenance).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      kAnonymity: 5,
      minimumCohort: 10,
      syntheticData: { organisation: false },
    });
    const answered = model.appendix.flatMap((d: any) => d.questions).find((q: any) => q.comment);
    expect(answered).toMatchObject({ comment: 'Rolled out to every team – see the policy.', evidence: ['https://evidence.example.com/policy'] });
    expect(model.roadmap.map((w: any) => w.days)).toEqual([30, 60, 90, 'later']);
    expect(model.roadmap[0].capacity).toBe(6);
  });

  it('answers another organisation with 404, a draft with 409, and a respondent with 403', async () => {
    expectProblem(await api.get(`/v1/assessments/${latest.id}/report.json`, other), 404, 'not_found');
    expectProblem(await api.get(`/v1/assessments/${await draft(owner)}/report.json`, owner), 409, 'assessment_not_submitted');
    const respondent = (await api.post('/v1/tokens', { role: 'respondent', label: 'survey' }, owner)).body.token.secret;
    expectProblem(await api.get(`/v1/assessments/${latest.id}/report.json`, respondent), 403, 'forbidden');
    expectProblem(await api.get('/v1/assessments/no-such-assessment/report.json', owner), 404, 'not_found');
  });

  it('is in the OpenAPI document beside the PDF and verify routes', async () => {
    const paths = Object.keys((await api.get('/openapi.json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/assessments/{id}/report.json', '/v1/assessments/{id}/report.pdf', '/v1/reports/verify']));
  });
});

describe('GET /v1/reports/verify', () => {
  let report: { reportId: string; sha256: string };

  beforeAll(async () => {
    const model = (await api.get(`/v1/assessments/${earlier.id}/report.json`, owner)).body;
    report = { reportId: model.reportId, sha256: model.provenance.sha256 };
  });

  const verify = (q: { reportId: string; sha256: string }, token = owner) =>
    api.get(`/v1/reports/verify?reportId=${encodeURIComponent(q.reportId)}&sha256=${q.sha256}`, token);

  it('confirms a matching digest, in either case', async () => {
    expect((await verify(report)).body).toMatchObject({
      reportId: report.reportId,
      assessmentId: earlier.id,
      sha256Matches: true,
      answersMatch: true,
      verified: true,
    });
    expect((await verify({ ...report, sha256: report.sha256.toUpperCase() })).body.verified).toBe(true);
  });

  it('refuses a tampered digest', async () => {
    const flipped = report.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const res = await verify({ ...report, sha256: flipped });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sha256Matches: false, verified: false });
  });

  it('recomputes the answers hash from the stored submission', async () => {
    // Change a stored answer behind the API's back: the recorded digest no longer matches the data.
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: platform.config.DYNAMODB_ENDPOINT,
        region: platform.config.AWS_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const stored = (await api.get(`/v1/assessments/${earlier.id}`, owner)).body;
    const [questionId] = Object.keys(stored.answers);
    await doc.send(
      new UpdateCommand({
        TableName: platform.config.AIM_TABLE_NAME,
        Key: { PK: `ORG#${stored.organisationId}`, SK: `ASSESSMENT#${earlier.id}` },
        UpdateExpression: 'SET answers.#q.#c = :c',
        ExpressionAttributeNames: { '#q': questionId!, '#c': 'comment' },
        ExpressionAttributeValues: { ':c': 'edited after the report' },
      }),
    );
    doc.destroy();
    expect((await verify(report)).body).toMatchObject({ sha256Matches: true, answersMatch: false, verified: false });
  });

  it('validates its query and keeps reports inside their organisation', async () => {
    const malformed = await verify({ ...report, sha256: 'not-a-digest' });
    expectProblem(malformed, 400, 'validation_failed');
    expect(malformed.body.errors.map((e: any) => e.pointer)).toContain('/query/sha256');
    expectProblem(await api.get('/v1/reports/verify', owner), 400, 'validation_failed');
    expectProblem(await verify({ ...report, reportId: 'no-such-report' }), 404, 'not_found');
    expectProblem(await verify(report, other), 404, 'not_found');
    expectProblem(await api.get(`/v1/reports/verify?reportId=${report.reportId}&sha256=${report.sha256}`), 401, 'unauthenticated');
  });
});
