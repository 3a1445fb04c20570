/**
 * The report for the cohort on screen (issue 18): report.pdf and report.json take the
 * benchmark route's cohort query, record the cohort chosen on the cover, stay verifiable
 * by their SHA-256, and the PDF is named after the organisation and the day.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let owner: string;
let unicodeOwner: string;
let assessmentId: string;
let unicodeAssessmentId: string;
const dir = mkdtempSync(join(tmpdir(), 'aim-report-cohort-'));
const today = () => new Date().toISOString().slice(0, 10);

async function submitted(token: string, questionnaire: ServedQuestionnaire) {
  const id = (await createDraft(api, token)).id;
  const answers = completeAnswers(questionnaire, (n) => n - 2);
  expect((await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers }, token)).status).toBe(200);
  expect((await api.post(`/v1/assessments/${id}/submit`, undefined, token)).status).toBe(200);
  return id;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  const questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  owner = (await registerOrganisation(api, 'Acme Ltd')).token.secret;
  unicodeOwner = (await registerOrganisation(api, 'Zürich Ærø Łódź Ltd')).token.secret;
  assessmentId = await submitted(owner, questionnaire);
  unicodeAssessmentId = await submitted(unicodeOwner, questionnaire);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/assessments/{id}/report.pdf?industry=…', () => {
  it('compares with the cohort asked for, names it on the cover, and stays verifiable', async () => {
    const res = await api.get(`/v1/assessments/${assessmentId}/report.pdf?industry=technology&region=north-america`, owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="aim-report-acme-ltd-${today()}.pdf"`);
    const file = join(dir, 'cohort.pdf');
    writeFileSync(file, res.body);
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Cohort chosen Technology · all sizes · North America');
    expect(text).toContain('Compared with Technology · all sizes · North America');

    const reportId = res.headers.get('x-report-id')!;
    const sha256 = res.headers.get('x-report-sha256')!;
    const check = await api.get(`/v1/reports/verify?reportId=${reportId}&sha256=${sha256}`, owner);
    expect(check.body).toMatchObject({ reportId, assessmentId, verified: true });
    // The cohort is part of what the digest covers: everyone gives another digest.
    const everyone = await api.get(`/v1/assessments/${assessmentId}/report.pdf`, owner);
    expect(everyone.headers.get('x-report-sha256')).not.toBe(sha256);
  });

  it('names a file after a name beyond ASCII with an ASCII filename and a UTF-8 filename*', async () => {
    const res = await api.get(`/v1/assessments/${unicodeAssessmentId}/report.pdf`, unicodeOwner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="aim-report-zurich-aero-lodz-ltd-${today()}.pdf"; filename*=UTF-8''aim-report-z%C3%BCrich-%C3%A6r%C3%B8-%C5%82%C3%B3d%C5%BA-ltd-${today()}.pdf`,
    );
  });

  it('refuses a cohort dimension outside the taxonomy', async () => {
    const res = await api.get(`/v1/assessments/${assessmentId}/report.pdf?industry=astrology`, owner);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/query/industry');
  });
});

describe('GET /v1/assessments/{id}/report.json?industry=…', () => {
  it('records the cohort chosen and the cohort compared with', async () => {
    const res = await api.get(`/v1/assessments/${assessmentId}/report.json?industry=technology&sizeBand=250-999`, owner);
    expect(res.status).toBe(200);
    expect(res.body.cover.comparedWith).toEqual({ industry: 'technology', sizeBand: '250-999', description: 'Technology · 250–999 employees · all regions' });
    expect(res.body.cover.cohort.description).toBe('Technology · 250–999 employees · all regions');
    const check = await api.get(`/v1/reports/verify?reportId=${res.body.reportId}&sha256=${res.body.provenance.sha256}`, owner);
    expect(check.body.verified).toBe(true);

    const everyone = (await api.get(`/v1/assessments/${assessmentId}/report.json`, owner)).body;
    expect(everyone.cover.comparedWith).toEqual({ description: 'All industries · all sizes · all regions' });
  });
});
