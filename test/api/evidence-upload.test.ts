/**
 * Large evidence files through an upload (issue 20, docs/evidence.md, "Large files"), on
 * DynamoDB Local with the local directory standing in for S3: prepare, PUT the file to the
 * URL answered, import; the record's facts equal a direct import's of the same bytes, the
 * file is gone afterwards (imported or refused), the URL's signature and expiry hold, a
 * 50,000-identity credential report imports, and another organisation's upload is not found.
 * An upload past its hour: functions/services/evidence-uploads.test.ts (a clock that far ahead
 * would void the test's credentials too).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVIDENCE_UPLOAD_BYTES } from '../../functions/contract';
import { writeLargeCredentialReport } from '../../scripts/evidence/generate-fixtures';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft, submitAssessment } from '../support/api-steps';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let draftId: string;
let dataDir: string;
/** The platform's clock runs this many milliseconds ahead of the real one. */
let clockOffset = 0;

const fixture = (name: string) => readFileSync(`test/fixtures/evidence/${name}`, 'utf8');
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const uploadsDir = () => join(dataDir, 'evidence-uploads');
/** The files waiting in the upload directory (temporary ones included). */
const waiting = () => {
  try {
    return readdirSync(uploadsDir());
  } catch {
    return [];
  }
};

interface Prepared {
  uploadId: string;
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
  importBy: string;
  bytes: number;
  maxBytes: number;
}

async function prepare(format: string, fileName: string, bytes: number, { assessmentId = draftId, token = world.tokens.owner } = {}) {
  return api.post<Prepared>(`/v1/assessments/${assessmentId}/evidence/uploads`, { format, fileName, bytes }, token);
}

/** PUTs the file as a browser would: the headers answered, no AIM credentials. */
const put = (prepared: Prepared, body: string | Buffer, url = prepared.url, headers = prepared.headers) =>
  fetch(url, { method: 'PUT', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

const importUpload = (uploadId: string, { assessmentId = draftId, token = world.tokens.owner } = {}) =>
  api.post(`/v1/assessments/${assessmentId}/evidence/uploads/${uploadId}/import`, undefined, token);

/** Prepare, PUT, import: the import's answer. */
async function throughUpload(format: string, fileName: string, body: string | Buffer) {
  const prepared = await prepare(format, fileName, Buffer.byteLength(body));
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
  const stored = await put(prepared.body, body);
  expect(stored.status, await stored.clone().text()).toBe(200);
  return importUpload(prepared.body.uploadId);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aim-evidence-upload-'));
  platform = await startTestPlatform({ dataDir, clock: { now: () => new Date(Date.now() + clockOffset) } });
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Upload Ltd');
  draftId = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
});

afterAll(async () => {
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('evidence uploads', () => {
  it('prepare answers a signed URL on this server, the headers to send, the limits', async () => {
    const body = fixture('template.csv');
    const res = await prepare('aim-template', 'agents.csv', Buffer.byteLength(body));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/assessments/${draftId}/evidence`);
    expect(res.body).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      bytes: Buffer.byteLength(body),
      maxBytes: MAX_EVIDENCE_UPLOAD_BYTES,
    });
    const url = new URL(res.body.url);
    expect(url.origin).toBe(new URL(platform.url).origin);
    expect(url.pathname).toMatch(/^\/v1\/evidence\/uploads\/[A-Za-z0-9_-]+$/);
    expect([...url.searchParams.keys()].sort()).toEqual(['bytes', 'expires', 'signature']);
    const minutes = (Date.parse(res.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(Date.parse(res.body.importBy)).toBeGreaterThan(Date.parse(res.body.expiresAt));
  });

  it('an uploaded file imports exactly as the same bytes sent directly: the same facts, counts and SHA-256; the file is then gone', async () => {
    const body = fixture('credential-report.csv');
    const direct = await api.call('POST', `/v1/assessments/${draftId}/evidence?format=aws-credential-report&fileName=report.csv`, {
      token: world.tokens.owner,
      rawBody: body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);

    const uploaded = await throughUpload('aws-credential-report', 'report.csv', body);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.headers.get('location')).toBe(`/v1/assessments/${draftId}/evidence`);
    expect(uploaded.body).toMatchObject({ assessmentId: draftId, format: 'aws-credential-report', fileName: 'report.csv', sha256: sha256(body) });
    expect(uploaded.body.bytes).toBe(Buffer.byteLength(body));
    expect(uploaded.body.identities).toEqual(direct.body.identities);
    expect(uploaded.body.facts).toEqual(direct.body.facts);
    expect(uploaded.body.proposals.map((p: { questionId: string; value: string }) => [p.questionId, p.value])).toEqual(
      direct.body.proposals.map((p: { questionId: string; value: string }) => [p.questionId, p.value]),
    );
    // Compared with the direct import of the same file.
    expect(uploaded.body.sinceLastImport).toMatchObject({ importId: direct.body.id, sameFile: true });
    expect(waiting()).toEqual([]);

    const listed = await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.owner);
    expect((listed.body.imports as { id: string }[]).map((i) => i.id)).toContain(uploaded.body.id);
  });

  it('AWS authorization details (read twice) import from the stored file as from the request', async () => {
    const role = (name: string, policy: string) => ({
      RoleName: name,
      Arn: `arn:aws:iam::123456789012:role/${name}`,
      CreateDate: '2025-01-01T00:00:00Z',
      Tags: [{ Key: 'aim:kind', Value: 'agent' }],
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: policy, PolicyArn: `arn:aws:iam::123456789012:policy/${policy}` }],
      RoleLastUsed: {},
    });
    const body = JSON.stringify({
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [role('agent-a', 'Admin'), role('agent-b', 'ReadOnly')],
      Policies: [
        {
          PolicyName: 'Admin',
          Arn: 'arn:aws:iam::123456789012:policy/Admin',
          DefaultVersionId: 'v1',
          PolicyVersionList: [
            { VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
          ],
        },
        {
          PolicyName: 'ReadOnly',
          Arn: 'arn:aws:iam::123456789012:policy/ReadOnly',
          DefaultVersionId: 'v1',
          PolicyVersionList: [
            {
              VersionId: 'v1',
              IsDefaultVersion: true,
              Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
            },
          ],
        },
      ],
      IsTruncated: false,
    });
    const direct = await api.call('POST', `/v1/assessments/${draftId}/evidence?format=aws-authorization-details&fileName=details.json`, {
      token: world.tokens.owner,
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const uploaded = await throughUpload('aws-authorization-details', 'details.json', body);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.identities).toEqual(direct.body.identities);
    expect(uploaded.body.identities.agent).toBe(2);
    expect(uploaded.body.facts).toEqual(direct.body.facts);
    expect(uploaded.body.facts.find((f: { id: string }) => f.id === 'wildcard-or-admin')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(uploaded.body.sha256).toBe(sha256(body));
    expect(waiting()).toEqual([]);
  });

  it('an upload is imported once: a second import is not found', async () => {
    const body = fixture('template.csv');
    const prepared = await prepare('aim-template', 'once.csv', Buffer.byteLength(body));
    expect((await put(prepared.body, body)).status).toBe(200);
    expect((await importUpload(prepared.body.uploadId)).status).toBe(201);
    expectProblem(await importUpload(prepared.body.uploadId), 404, 'not_found');
  });

  it("a file that cannot be read answers the direct import's problems, stores nothing and is removed too", async () => {
    const body = fixture('template-secret-in-cell.csv');
    const direct = await api.call('POST', `/v1/assessments/${draftId}/evidence?format=aim-template&fileName=secret.csv`, {
      token: world.tokens.owner,
      rawBody: body,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(direct, 422, 'evidence_unreadable');
    const before = (await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.owner)).body.imports.length;

    const uploaded = await throughUpload('aim-template', 'secret.csv', body);
    expectProblem(uploaded, 422, 'evidence_unreadable');
    expect(uploaded.body.errors).toEqual(direct.body.errors);
    expect(uploaded.body.problems).toEqual(direct.body.problems);
    expect(waiting()).toEqual([]);
    expect((await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.owner)).body.imports.length).toBe(before);
  });

  it('import before the PUT: not found, and the upload stays importable once the file is there', async () => {
    const body = fixture('template.csv');
    const prepared = await prepare('aim-template', 'later.csv', Buffer.byteLength(body));
    expectProblem(await importUpload(prepared.body.uploadId), 404, 'not_found');
    expect((await put(prepared.body, body)).status).toBe(200);
    expect((await importUpload(prepared.body.uploadId)).status).toBe(201);
    expect(waiting()).toEqual([]);
  });

  it('the URL is its own authorization: a tampered signature, key, size, content type or an expired URL is refused and nothing is written', async () => {
    const body = fixture('template.csv');
    const bytes = Buffer.byteLength(body);
    const prepared = (await prepare('aim-template', 'tampered.csv', bytes)).body;
    const url = new URL(prepared.url);
    const tampered = (change: (u: URL) => void) => {
      const copy = new URL(url);
      change(copy);
      return copy.toString();
    };
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const other of [
      tampered((u) => u.searchParams.set('signature', flip(u.searchParams.get('signature')!))),
      tampered((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))),
      tampered((u) => u.searchParams.set('bytes', String(bytes + 1))),
      tampered((u) => u.searchParams.delete('signature')),
      // Another organisation's or assessment's key under the same signature.
      tampered((u) => (u.pathname = `/v1/evidence/uploads/${Buffer.from(`evidence-uploads/x/${draftId}/y`).toString('base64url')}`)),
    ]) {
      const res = await put(prepared, body, other);
      expect(res.status, other).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    }
    // The content type is signed: JSON sent to a CSV upload's URL is refused.
    expect((await put(prepared, body, prepared.url, { 'content-type': 'application/json' })).status).toBe(403);
    // Another size than signed.
    expect((await put(prepared, `${body}x`)).status).toBe(413);
    expect((await put(prepared, body.slice(0, -1))).status).toBe(400);
    expect(waiting()).toEqual([]);
    expectProblem(await importUpload(prepared.uploadId), 404, 'not_found');

    // Past its 15 minutes the URL is refused, even with its signature intact.
    clockOffset = 16 * 60_000;
    try {
      const expired = await put(prepared, body);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { detail: string }).detail).toMatch(/expired/);
    } finally {
      clockOffset = 0;
    }
    expect(waiting()).toEqual([]);
    // Still valid now: the same URL takes the file.
    expect((await put(prepared, body)).status).toBe(200);
    expect((await importUpload(prepared.uploadId)).status).toBe(201);
  });

  it('another organisation, another assessment, another scope of callers: the upload is not found and stays', async () => {
    const body = fixture('template.csv');
    const prepared = (await prepare('aim-template', 'mine.csv', Buffer.byteLength(body))).body;
    expect((await put(prepared, body)).status).toBe(200);
    const otherDraft = (await createDraft(api, world.tokens.otherOrg!, '1.2.0')).id;
    // Another organisation's owner, with its own draft or with ours.
    expectProblem(await importUpload(prepared.uploadId, { assessmentId: otherDraft, token: world.tokens.otherOrg }), 404, 'not_found');
    expectProblem(await importUpload(prepared.uploadId, { token: world.tokens.otherOrg }), 404, 'not_found');
    // Our organisation, another draft.
    const secondDraft = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
    expectProblem(await importUpload(prepared.uploadId, { assessmentId: secondDraft }), 404, 'not_found');
    // A leader may not import.
    expectProblem(await importUpload(prepared.uploadId, { token: world.tokens.leader }), 403, 'forbidden');
    expect(waiting()).toHaveLength(1);
    // A respondent may.
    const imported = await importUpload(prepared.uploadId, { token: world.tokens.respondent });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(waiting()).toEqual([]);
  });

  it('refuses a size over the maximum (413), bad requests (400), a leader (403) and a submitted assessment (409)', async () => {
    const over = await prepare('aws-credential-report', 'huge.csv', MAX_EVIDENCE_UPLOAD_BYTES + 1);
    expectProblem(over, 413, 'payload_too_large');
    expect((over.body as unknown as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ pointer: '/body/bytes' })]);
    expectProblem(await prepare('aws-credential-report', 'a/b.csv', 10), 400, 'validation_failed');
    expectProblem(await prepare('nope', 'a.csv', 10), 400, 'validation_failed');
    expectProblem(await prepare('aim-template', 'a.csv', 0), 400, 'validation_failed');
    expectProblem(await prepare('aim-template', 'a.csv', 1.5), 400, 'validation_failed');
    expectProblem(await prepare('aim-template', 'a.csv', 10, { token: world.tokens.leader }), 403, 'forbidden');
    expectProblem(await prepare('aim-template', 'a.csv', 10, { assessmentId: 'no-such-assessment' }), 404, 'not_found');
    const questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body as ServedQuestionnaire;
    const submitted = await submitAssessment(api, world.tokens.owner!, questionnaire, () => 1);
    expectProblem(await prepare('aim-template', 'a.csv', 10, { assessmentId: submitted.id }), 409, 'assessment_not_draft');
  });

  it('a 50,000-identity credential report imports through the upload, read as a stream', async () => {
    const file = join(dataDir, 'credential-report-50000.csv');
    await writeLargeCredentialReport(file, 50_000);
    const bytes = statSync(file).size;
    // Far over the request body limit: only the upload takes it.
    expect(bytes).toBeGreaterThan(platform.config.AIM_MAX_BODY_BYTES);
    const body = readFileSync(file);
    const res = await throughUpload('aws-credential-report', 'credential-report-50000.csv', body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    const { agent, human, workload, unknown } = res.body.identities;
    expect(agent + human + workload + unknown).toBe(50_000);
    expect(res.body.sha256).toBe(sha256(body));
    expect(res.body.bytes).toBe(bytes);
    expect(waiting()).toEqual([]);
  }, 120_000);
});
