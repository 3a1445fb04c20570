/**
 * Stored reports (issue 21) through a real server on DynamoDB Local, with the data
 * directory's file store: a submission's reports (the organisation's own industry, as the
 * web app opens with, and every organisation) are rendered once off the stream and a
 * download serves the stored bytes; a download before the stream got there renders and
 * stores it; a newer benchmark release makes the stored report say as of when, and a
 * refresh renders a fresh one. Renders are counted through an injected renderer that
 * wraps react-pdf, so the PDFs are real (qpdf, pdftotext).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../functions/adapters/pdf';
import type { ReportModel } from '../../functions/core/report-model';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { registerOrganisation, submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

const dir = mkdtempSync(join(tmpdir(), 'aim-stored-reports-'));
const dataDir = join(dir, 'data');
// A frozen clock late in the day, so that a short step (within an owner key's hour) reaches the next day's release.
const today = new Date().toISOString().slice(0, 10);
const start = new Date(`${today}T23:40:00.000Z`);
const STEP_MS = 30 * 60_000;
const tomorrow = new Date(start.getTime() + STEP_MS).toISOString().slice(0, 10);
let now = start;
const clock = { now: () => new Date(now) };
let renders = 0;
/** The cohort of every render, in order: an industry, or "all" for every organisation. */
const rendered: string[] = [];
const rendersOf = (cohort: string) => rendered.filter((c) => c === cohort).length;
const renderer = {
  render: async (model: ReportModel) => {
    renders += 1;
    rendered.push(model.cover.comparedWith.industry ?? 'all');
    return renderReportPdf(model);
  },
};

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;
let owner: string;

const pdfText = (bytes: Uint8Array, name: string) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  expect(execFileSync('/usr/bin/qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

// The registered organisation's industry (test/support/api-steps.ts): the cohort the web app's results page opens with.
const OWN_INDUSTRY = 'financial-services';
const download = (id: string, token = owner, query = '') => api.get(`/v1/assessments/${id}/report.pdf${query}`, token);
const refresh = (id: string, token = owner) => api.post(`/v1/assessments/${id}/report/refresh`, undefined, token);
const verified = async (reportId: string, sha256: string) =>
  (await api.get(`/v1/reports/verify?reportId=${encodeURIComponent(reportId)}&sha256=${sha256}`, owner)).body.verified;

beforeAll(async () => {
  platform = await startTestPlatform({ withAdminKey: false, dataDir, clock, renderer, reportsOnSubmit: true });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  owner = (await registerOrganisation(api, 'Stored Reports Ltd')).token.secret;
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a report rendered on submission', () => {
  let id: string;
  let before: number;

  beforeAll(async () => {
    before = renders;
    id = (await submitAssessment(api, owner, questionnaire, (n) => n - 1)).id;
  });

  it('is rendered off the stream and stored in the data directory, once for each of two cohorts', async () => {
    await platform.drainStream();
    expect(renders).toBe(before + 2);
    const stored = readdirSync(join(dataDir, 'reports'), { recursive: true }).map(String);
    expect(stored.filter((f) => f.endsWith('.pdf') && f.includes(id))).toHaveLength(2);
    // The stream again (nothing new) renders nothing.
    await platform.drainStream();
    expect(renders).toBe(before + 2);
  });

  it("serves the web app's first download, compared with the organisation's own industry, from storage", async () => {
    const before = renders;
    const ownIndustry = await download(id, owner, `?industry=${OWN_INDUSTRY}`);
    expect(ownIndustry.status).toBe(200);
    expect(renders).toBe(before);
    expect(ownIndustry.headers.get('x-report-id')).not.toBe((await download(id)).headers.get('x-report-id'));
    expect(pdfText(ownIndustry.body, 'own-industry.pdf')).toContain('Financial services');
  });

  it('is served from storage: no render, the same bytes and digest twice, verifiable, and current', async () => {
    const before = renders;
    const first = await download(id);
    const second = await download(id);
    expect(renders).toBe(before);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(second.body).equals(Buffer.from(first.body))).toBe(true);
    expect(second.headers.get('x-report-id')).toBe(first.headers.get('x-report-id'));
    expect(first.headers.get('aim-report-as-of')).toBe(today);
    expect(first.headers.get('aim-report-current')).toBe('true');
    expect(first.headers.get('content-disposition')).toContain(`aim-report-stored-reports-ltd-${today}.pdf`);
    const text = pdfText(first.body, 'stored.pdf');
    expect(text).toContain(first.headers.get('x-report-id')!);
    expect(text).toContain(first.headers.get('x-report-sha256')!);
    expect(await verified(first.headers.get('x-report-id')!, first.headers.get('x-report-sha256')!)).toBe(true);
  });

  it('is rendered again, once, when what it prints besides the submission changes (here the targets)', async () => {
    const served = await download(id);
    const targets = await api.call('PUT', `/v1/targets/${questionnaire.id}`, {
      body: { revision: 0, domains: { auditing: 4 }, targetDate: '2027-06-30' },
      token: owner,
    });
    expect(targets.status).toBe(200);
    const before = renders;
    const changed = await download(id);
    const again = await download(id);
    expect(renders).toBe(before + 1);
    expect(changed.headers.get('x-report-id')).not.toBe(served.headers.get('x-report-id'));
    expect(again.headers.get('x-report-id')).toBe(changed.headers.get('x-report-id'));
    expect(pdfText(changed.body, 'targets.pdf')).toContain('2027');
  });

  it('keeps authorization: another organisation 404, a respondent 403, no credentials 401', async () => {
    const other = (await registerOrganisation(api, 'Other Stored Ltd')).token.secret;
    expectProblem(await download(id, other), 404, 'not_found');
    expectProblem(await refresh(id, other), 404, 'not_found');
    const respondent = (await api.post('/v1/tokens', { role: 'respondent', label: 'survey' }, owner)).body.token.secret;
    expectProblem(await download(id, respondent), 403, 'forbidden');
    expectProblem(await refresh(id, respondent), 403, 'forbidden');
    expectProblem(await api.get(`/v1/assessments/${id}/report.pdf`), 401, 'unauthenticated');
  });
});

describe('a download before the stream renders it', () => {
  it('renders on demand and stores it; the stream then finds it stored', async () => {
    const { id } = await submitAssessment(api, owner, questionnaire, (n) => n - 2);
    const before = { all: rendersOf('all'), own: rendersOf(OWN_INDUSTRY) };
    // Two downloads at once: one report (the same id and digest), however many renders raced.
    const [a, b] = await Promise.all([download(id), download(id)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.headers.get('x-report-id')).toBe(a.headers.get('x-report-id'));
    expect(b.headers.get('x-report-sha256')).toBe(a.headers.get('x-report-sha256'));
    const afterDownloads = rendersOf('all');
    expect(afterDownloads).toBeGreaterThan(before.all);
    await platform.drainStream();
    const again = await download(id);
    // The stream renders only the report no download asked for, the own industry's, once.
    expect(rendersOf('all')).toBe(afterDownloads);
    expect(rendersOf(OWN_INDUSTRY)).toBe(before.own + 1);
    expect(again.headers.get('x-report-id')).toBe(a.headers.get('x-report-id'));
    expect(await verified(a.headers.get('x-report-id')!, a.headers.get('x-report-sha256')!)).toBe(true);
  });

  it('still answers a draft with 409 and an unknown assessment with 404', async () => {
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body.id;
    expectProblem(await download(draft), 409, 'assessment_not_submitted');
    expectProblem(await refresh(draft), 409, 'assessment_not_submitted');
    expectProblem(await download('no-such-assessment'), 404, 'not_found');
  });
});

describe('after a newer benchmark release', () => {
  let id: string;
  let stale: Awaited<ReturnType<typeof download>>;

  beforeAll(async () => {
    id = (await submitAssessment(api, owner, questionnaire, (n) => n - 1)).id;
    await platform.drainStream();
    // The next day: the daily release period (AIM_RELEASE_PERIOD) has a new release.
    now = new Date(start.getTime() + STEP_MS);
    stale = await download(id);
  });

  it('serves the stored report, saying as of which release, without rendering', async () => {
    const before = renders;
    const again = await download(id);
    expect(renders).toBe(before);
    expect(again.headers.get('aim-report-as-of')).toBe(today);
    expect(again.headers.get('aim-report-current')).toBe('false');
    expect(again.headers.get('aim-report-current-release')).toBe(tomorrow);
    expect(again.headers.get('x-report-id')).toBe(stale.headers.get('x-report-id'));
  });

  it('renders a fresh one on refresh (audited), which downloads then serve; a second refresh renders nothing', async () => {
    const before = renders;
    const fresh = await refresh(id);
    expect(fresh.status).toBe(200);
    expect(renders).toBe(before + 1);
    expect(fresh.headers.get('aim-report-as-of')).toBe(tomorrow);
    expect(fresh.headers.get('aim-report-current')).toBe('true');
    expect(fresh.headers.get('x-report-id')).not.toBe(stale.headers.get('x-report-id'));
    expect(pdfText(fresh.body, 'fresh.pdf')).toContain(fresh.headers.get('x-report-id')!);

    const next = await download(id);
    expect(next.headers.get('x-report-id')).toBe(fresh.headers.get('x-report-id'));
    expect(next.headers.get('aim-report-current')).toBe('true');
    expect((await refresh(id)).headers.get('x-report-id')).toBe(fresh.headers.get('x-report-id'));
    expect(renders).toBe(before + 1);

    // Both reports stay verifiable; the refresh is in the audit trail as a generated report.
    expect(await verified(fresh.headers.get('x-report-id')!, fresh.headers.get('x-report-sha256')!)).toBe(true);
    expect(await verified(stale.headers.get('x-report-id')!, stale.headers.get('x-report-sha256')!)).toBe(true);
    const events = (await api.get('/v1/audit', owner)).body.events;
    expect(events.some((e: any) => e.operation === 'reports.generate' && e.target.id === fresh.headers.get('x-report-id'))).toBe(true);
  });
});

describe('refresh rate limit', () => {
  let limited: Awaited<ReturnType<typeof startTestPlatform>>;

  afterAll(async () => {
    await limited?.stop();
  });

  it('answers 429 with Retry-After once a client has had its refreshes', async () => {
    limited = await startTestPlatform({ withAdminKey: false, renderer, env: { AIM_REPORT_REFRESHES_PER_HOUR: '1' } });
    const client = apiClient(limited.url);
    const token = (await registerOrganisation(client, 'Limited Ltd')).token.secret;
    const { id } = await submitAssessment(client, token, questionnaire, (n) => n - 1);
    expect((await client.post(`/v1/assessments/${id}/report/refresh`, undefined, token)).status).toBe(200);
    const refused = await client.post(`/v1/assessments/${id}/report/refresh`, undefined, token);
    expectProblem(refused, 429, 'too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
