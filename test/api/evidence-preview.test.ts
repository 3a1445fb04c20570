/**
 * The classification preview (issue 20, docs/evidence.md, "Reviewing the classification"), on
 * DynamoDB Local: a file's identities with their kinds and reasons, nothing stored and no
 * event written; a correction saved in the classification rules changes the next preview and
 * then the import; a bad file is refused as the import refuses it; the list is bounded.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialReportCsv } from '../../scripts/evidence/generate-fixtures';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let draftId: string;

type Kind = 'agent' | 'human' | 'workload' | 'unknown';
interface Preview {
  format: string;
  fileName: string;
  sha256: string;
  bytes: number;
  rulesRevision: number;
  counts: Record<Kind, number>;
  total: number;
  truncated: boolean;
  identities: { key: string; name: string; detail: string; kind: Kind; reason: string; rows: number }[];
}

const report = readFileSync('test/fixtures/evidence/credential-report.csv', 'utf8');
const template = readFileSync('test/fixtures/evidence/template.csv', 'utf8');
const post = (route: 'evidence' | 'evidence/preview', format: string, fileName: string, body: string, token = world.tokens.owner) =>
  api.call('POST', `/v1/assessments/${draftId}/${route}?format=${format}&fileName=${fileName}`, {
    token,
    rawBody: body,
    headers: { 'content-type': 'text/csv' },
  });
const preview = async (body = report, format = 'aws-credential-report') => {
  const res = await post('evidence/preview', format, 'credential-report.csv', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Preview;
};
const importEvents = async () => {
  const trail = await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner);
  expect(trail.status).toBe(200);
  return (trail.body.events as { operation: string }[]).filter((e) => e.operation === 'evidence.import').length;
};
const imports = async () => (await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.owner)).body.imports as unknown[];

beforeAll(async () => {
  // A body limit large enough for the truncation test's 2,100-identity report.
  platform = await startTestPlatform({ env: { AIM_MAX_BODY_BYTES: String(2 * 1024 * 1024) } });
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Preview Ltd');
  draftId = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
});

afterAll(async () => {
  await platform?.stop();
});

describe('the classification preview', () => {
  it('lists every identity with its key, detail, kind and reason, and stores nothing', async () => {
    const body = await preview();
    const rows = report.trim().split(/\r?\n/).length - 1;
    expect(body.format).toBe('aws-credential-report');
    expect(body.total).toBe(rows);
    expect(body.truncated).toBe(false);
    expect(body.identities).toHaveLength(rows);
    expect(Object.values(body.counts).reduce((a, b) => a + b, 0)).toBe(rows);
    expect(body.rulesRevision).toBe(0);
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Agents and unclassified identities first.
    const order = body.identities.map((i) => (i.kind === 'agent' || i.kind === 'unknown' ? 0 : 1));
    expect(order).toEqual([...order].sort());
    const root = body.identities.find((i) => i.key.endsWith(':root'))!;
    expect(root).toMatchObject({ kind: 'human', reason: 'the AWS account root user', rows: 1 });
    expect(root.detail).toContain('AWS account root user');
    for (const identity of body.identities) {
      expect(identity.key).toMatch(/^arn:aws:iam::\d{12}:/);
      expect(identity.reason.length).toBeGreaterThan(0);
      expect(identity.detail.length).toBeLessThanOrEqual(200);
    }
    expect(await imports()).toEqual([]);
    expect(await importEvents()).toBe(0);
  });

  it('lists a template identity shared by several agents once, with its rows', async () => {
    const body = await preview(template, 'aim-template');
    const rows = template.trim().split(/\r?\n/).length - 1;
    expect(body.counts.agent).toBe(rows);
    expect(body.identities.reduce((n, i) => n + i.rows, 0)).toBe(rows);
    expect(new Set(body.identities.map((i) => i.key)).size).toBe(body.identities.length);
    expect(body.identities.every((i) => i.kind === 'agent' && i.reason === 'listed in the agent inventory template')).toBe(true);
  });

  it('shows a correction saved in the classification rules, and the import counts with it', async () => {
    const before = await preview();
    const target = before.identities.find((i) => i.kind === 'unknown')!;
    expect(target).toBeDefined();
    const rules = await api.get('/v1/evidence/classification-rules', world.tokens.owner);
    const saved = await api.call('PUT', '/v1/evidence/classification-rules', {
      token: world.tokens.owner,
      body: { revision: rules.body.revision, namingRules: [], corrections: [{ identity: target.key, kind: 'agent' }] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const after = await preview();
    expect(after.rulesRevision).toBe(saved.body.revision);
    expect(after.identities.find((i) => i.key === target.key)).toMatchObject({ kind: 'agent', reason: "corrected in the organisation's review (agent)" });
    expect(after.counts.agent).toBe(before.counts.agent + 1);
    expect(after.counts.unknown).toBe(before.counts.unknown - 1);
    expect(after.sha256).toBe(before.sha256);

    const imported = await post('evidence', 'aws-credential-report', 'credential-report.csv', report);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.identities).toEqual(after.counts);
    expect(imported.body.rulesRevision).toBe(after.rulesRevision);
    expect(imported.body.sha256).toBe(after.sha256);
    // The corrected agent is measured: a fact over agent identities counts it.
    const staticFact = imported.body.facts.find((f: { id: string }) => f.id === 'static-credentials');
    expect(staticFact.denominator).toBeGreaterThan(0);
    expect(await importEvents()).toBe(1);
  });

  it.each([
    ['credential-report-wrong-columns.csv', 'aws-credential-report'],
    ['template-secret-in-cell.csv', 'aim-template'],
  ])('refuses %s exactly as the import does', async (name, format) => {
    const body = readFileSync(`test/fixtures/evidence/${name}`, 'utf8');
    const previewed = await post('evidence/preview', format, name, body);
    const imported = await post('evidence', format, name, body);
    expectProblem(previewed, 422, 'evidence_unreadable');
    expect(previewed.body.errors).toEqual(imported.body.errors);
    expect(previewed.body.problems).toEqual(imported.body.problems);
  });

  it('refuses the wrong content type, a submitted assessment and an analyst like the import', async () => {
    const res = await api.call('POST', `/v1/assessments/${draftId}/evidence/preview?format=aim-template&fileName=t.csv`, {
      token: world.tokens.owner,
      rawBody: template,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
    const leader = await post('evidence/preview', 'aim-template', 't.csv', template, world.tokens.leader);
    expect(leader.status).toBe(403);
  });

  it('lists at most 2,000 identities, agents and unclassified first, and says so', async () => {
    const big = credentialReportCsv(2100);
    const body = await preview(big);
    expect(body.total).toBe(2100);
    expect(body.truncated).toBe(true);
    expect(body.identities).toHaveLength(2000);
    expect(Object.values(body.counts).reduce((a, b) => a + b, 0)).toBe(2100);
    const firstKinds = body.counts.agent + body.counts.unknown;
    const listedFirst = body.identities.filter((i) => i.kind === 'agent' || i.kind === 'unknown').length;
    expect(listedFirst).toBe(Math.min(firstKinds, 2000));
    const order = body.identities.map((i) => (i.kind === 'agent' || i.kind === 'unknown' ? 0 : 1));
    expect(order).toEqual([...order].sort());
  });
});
