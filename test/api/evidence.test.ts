/**
 * Evidence imports through the API (issue 20, docs/evidence.md), on DynamoDB Local: a
 * credential report and the agent inventory template imported into a draft (counts, facts,
 * proposals whose evidence names the file, the date and the SHA-256 of the bytes sent), the
 * list, the template download; every hostile file refused with its row and column and
 * nothing stored; a secret never echoed; submitted assessments, other organisations, other
 * scopes and analysts refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../functions/core/evidence/aim-template';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { createDraft, submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;
let draftId: string;

const fixture = (name: string) => readFileSync(`test/fixtures/evidence/${name}`, 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Sent {
  assessmentId?: string;
  format: string;
  fileName: string;
  body: string;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
}

const upload = ({ assessmentId = draftId, format, fileName, body, contentType = 'text/csv', token = world.tokens.owner, headers }: Sent) =>
  api.call('POST', `/v1/assessments/${assessmentId}/evidence?format=${format}&fileName=${encodeURIComponent(fileName)}`, {
    ...(headers ? {} : { token }),
    rawBody: body,
    headers: { 'content-type': contentType, ...headers },
  });

const imports = async (assessmentId = draftId) => {
  const listed = await api.get(`/v1/assessments/${assessmentId}/evidence`, world.tokens.owner);
  expect(listed.status).toBe(200);
  return listed.body.imports as { id: string; fileName: string; sha256: string }[];
};

const importEvents = async () => {
  const trail = await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner);
  expect(trail.status).toBe(200);
  return (trail.body.events as { operation: string }[]).filter((e) => e.operation === 'evidence.import').length;
};

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Evidence Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
  draftId = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
});

afterAll(async () => {
  await platform?.stop();
});

describe('evidence imports', () => {
  it('import a credential report: counts, facts with numerator and denominator, the SHA-256 of the bytes sent', async () => {
    const body = fixture('credential-report.csv');
    const res = await upload({ format: 'aws-credential-report', fileName: 'credential-report.csv', body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/assessments/${draftId}/evidence`);
    expect(res.body).toMatchObject({ assessmentId: draftId, format: 'aws-credential-report', fileName: 'credential-report.csv', sha256: sha256(body) });
    expect(res.body.bytes).toBe(Buffer.byteLength(body));
    const { agent, human, workload, unknown } = res.body.identities;
    expect(agent + human + workload + unknown).toBe(40);
    expect(human).toBeGreaterThan(0); // the root user at least
    const unused = res.body.facts.find((f: { id: string }) => f.id === 'unused-90-days');
    expect(unused).toMatchObject({ unit: 'ratio', numerator: expect.any(Number), denominator: expect.any(Number) });
    // A credential report names no owners: the fact is reported, unmeasured.
    expect(res.body.facts.find((f: { id: string }) => f.id === 'named-owner')).toMatchObject({ denominator: 0, value: null });
    // Only facts leave the import: no ARN, no user name.
    expect(JSON.stringify(res.body)).not.toMatch(/arn:aws/);
    // The first import of its format: nothing to compare with.
    expect(res.body.sinceLastImport).toBeNull();
  });

  it('import the template: proposals whose evidence names the file, the date and the short SHA-256', async () => {
    const body = fixture('template.csv');
    const res = await upload({ format: 'aim-template', fileName: 'agents.csv', body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.identities).toEqual({ agent: 30, human: 0, workload: 0, unknown: 0 });
    const owners = res.body.facts.find((f: { id: string }) => f.id === 'named-owner');
    expect(owners.denominator).toBe(30);
    expect(owners.value).toBeCloseTo(owners.numerator / 30);
    const proposal = res.body.proposals.find((p: { questionId: string }) => p.questionId === 'agent-owner-coverage');
    expect(proposal).toBeDefined();
    expect(proposal.evidence).toContain('"agents.csv"');
    expect(proposal.evidence).toContain(`imported ${res.body.importedAt.slice(0, 10)}`);
    expect(proposal.evidence).toContain(`SHA-256 ${sha256(body).slice(0, 12)}`);
    expect(proposal.consistent).toContain(proposal.value);
    expect(JSON.stringify(res.body)).not.toMatch(/example\.com/);
  });

  it('a formula in a cell is plain text: the file imports and keeps only facts', async () => {
    const res = await upload({ format: 'aim-template', fileName: 'formula.csv', body: fixture('template-formula-injection.csv') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('HYPERLINK');
  });

  it('list the imports newest first, and export them with the organisation', async () => {
    const listed = await imports();
    expect(listed.map((i) => i.fileName)).toEqual(['formula.csv', 'agents.csv', 'credential-report.csv']);
    expect(listed.map((i) => i.sha256)).toEqual(
      [fixture('template-formula-injection.csv'), fixture('template.csv'), fixture('credential-report.csv')].map(sha256),
    );
    const exported = await api.get('/v1/organisation/export', world.tokens.owner);
    expect(exported.status).toBe(200);
    expect((exported.body.evidence as { fileName: string }[]).map((e) => e.fileName)).toEqual(['credential-report.csv', 'agents.csv', 'formula.csv']);
    expect(await importEvents()).toBe(3);
  });

  it('a re-import names what changed since the latest import of the same format: counts, facts, proposals', async () => {
    const [formula] = await imports();
    const again = await upload({ format: 'aim-template', fileName: 'agents-again.csv', body: fixture('template.csv') });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // Compared with formula.csv (the latest template import), not with the credential report.
    expect(again.body.sinceLastImport).toMatchObject({ importId: formula!.id, fileName: 'formula.csv', sameFile: false });

    // One agent loses its owner: the owner fact moves by one, nothing else about the identities.
    const lines = fixture('template.csv').split('\n');
    const row = lines.findIndex((line, i) => i > 0 && line.split(',')[1] !== '');
    const cells = lines[row]!.split(',');
    cells[1] = '';
    lines[row] = cells.join(',');
    const edited = await upload({ format: 'aim-template', fileName: 'agents-edited.csv', body: lines.join('\r\n') });
    expect(edited.status, JSON.stringify(edited.body)).toBe(201);
    const changes = edited.body.sinceLastImport;
    expect(changes).toMatchObject({ importId: again.body.id, fileName: 'agents-again.csv', sameFile: false, identities: [] });
    const owners = changes.facts.find((f: { id: string }) => f.id === 'named-owner');
    expect(owners.after.numerator).toBe(owners.before.numerator - 1);
    expect(owners.after.denominator).toBe(owners.before.denominator);
    expect(changes.facts.map((f: { id: string }) => f.id)).not.toContain('static-credentials');

    const same = await upload({ format: 'aim-template', fileName: 'agents-edited.csv', body: lines.join('\r\n') });
    expect(same.body.sinceLastImport).toMatchObject({ importId: edited.body.id, sameFile: true, identities: [], facts: [], proposals: [] });
  });

  it('import the JSON formats (read as they stream; authorization details read twice from the bounded body), problems named by pointer', async () => {
    const details = JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false });
    const aws = await upload({ format: 'aws-authorization-details', fileName: 'details.json', body: details, contentType: 'application/json' });
    expect(aws.status, JSON.stringify(aws.body)).toBe(201);
    expect(aws.body).toMatchObject({ sha256: sha256(details), identities: { agent: 0, human: 0, workload: 0, unknown: 0 } });
    const entra = await upload({ format: 'entra', fileName: 'graph.json', body: '{"value": []}', contentType: 'application/json; charset=utf-8' });
    expect(entra.status, JSON.stringify(entra.body)).toBe(201);
    const before = (await imports()).length;
    const broken = await upload({ format: 'entra', fileName: 'graph.json', body: '{"value": [{"id": 5}]}', contentType: 'application/json' });
    expectProblem(broken, 422, 'evidence_unreadable');
    expect(
      broken.body.errors.every((e: { pointer: string }) => e.pointer.startsWith('/body/value/0')),
      JSON.stringify(broken.body.errors),
    ).toBe(true);
    expect((await imports()).length).toBe(before);
  });

  it('download the blank template: its columns and an example row', async () => {
    const res = await api.get('/v1/evidence/template.csv', world.tokens.respondent);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('aim-agent-inventory-template.csv');
    const [header, example] = (res.body as string).split('\r\n');
    expect(header!.split(',')).toEqual([...TEMPLATE_COLUMNS]);
    expect(example).toContain('invoice-triage-agent');
  });

  it.each([
    ['credential-report-wrong-columns.csv', 'aws-credential-report', /^\/body\/row\/1/],
    ['credential-report-short-row.csv', 'aws-credential-report', /^\/body\/row\/\d+/],
    ['credential-report-bad-date.csv', 'aws-credential-report', /^\/body\/row\/\d+\/[a-z_0-9]+$/],
    ['template-broken-quote.csv', 'aim-template', /^\/body\/row\/3/],
    ['template-huge-field.csv', 'aim-template', /^\/body\/row\/2\/purpose$/],
    ['template-secret-in-cell.csv', 'aim-template', /^\/body\/row\/\d+\/[a-z_]+$/],
  ])('refuse %s with its row and column, storing nothing', async (name, format, pointer) => {
    const before = { listed: (await imports()).length, events: await importEvents() };
    const res = await upload({ format, fileName: name, body: fixture(name) });
    expectProblem(res, 422, 'evidence_unreadable');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(
      res.body.errors.some((e: { pointer: string }) => pointer.test(e.pointer)),
      JSON.stringify(res.body.errors),
    ).toBe(true);
    expect(res.body.problems).toHaveLength(res.body.errors.length);
    expect(res.body.problems[0]).toMatchObject({ at: { row: expect.any(Number) }, message: expect.any(String) });
    expect({ listed: (await imports()).length, events: await importEvents() }).toEqual(before);
  });

  it('never echoes a secret found in a cell', async () => {
    const body = fixture('template-secret-in-cell.csv');
    const res = await upload({ format: 'aim-template', fileName: 'secret.csv', body });
    expectProblem(res, 422, 'evidence_unreadable');
    expect(res.body.errors[0].message).toMatch(/secret|key|token/i);
    const text = JSON.stringify(res.body);
    // Every long token of the file's secret row: none is in the answer.
    const cells = body
      .split(/\r?\n/)
      .flatMap((line) => line.split(','))
      .filter((cell) => cell.length >= 20 && /\d/.test(cell) && !cell.startsWith('arn:'));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(text).not.toContain(cell);
    // The documented AWS example secret key the fixture holds: not even a part of it.
    expect(text).not.toMatch(/EXAMPLEKEY|wJalrXUtnFEMI/);
  });

  it('refuse a body whose type does not match its format, and a bad query', async () => {
    expectProblem(
      await upload({ format: 'aim-template', fileName: 't.csv', body: fixture('template.csv'), contentType: 'application/json' }),
      415,
      'unsupported_media_type',
    );
    expectProblem(await upload({ format: 'spreadsheet', fileName: 't.csv', body: fixture('template.csv') }), 400, 'validation_failed', '/query/format');
    expectProblem(await upload({ format: 'aim-template', fileName: '../t.csv', body: fixture('template.csv') }), 400, 'validation_failed', '/query/fileName');
  });

  it('refuse a file over the body limit (413), also when it streams without a length, storing nothing', async () => {
    const before = (await imports()).length;
    const big = `${fixture('template.csv')}${'x,'.repeat(200_000)}`;
    expectProblem(await upload({ format: 'aim-template', fileName: 'big.csv', body: big }), 413, 'payload_too_large');
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
        controller.close();
      },
    });
    const streamed = await fetch(`${platform.url}/v1/assessments/${draftId}/evidence?format=aim-template&fileName=big.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...world.people.owner.headers },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).code).toBe('payload_too_large');
    expect((await imports()).length).toBe(before);
  });

  it('refuse a submitted assessment (409), another organisation (404) and analysts (403)', async () => {
    const submitted = await submitAssessment(api, world.tokens.owner!, questionnaire, () => 1);
    expectProblem(
      await upload({ assessmentId: submitted.id, format: 'aim-template', fileName: 't.csv', body: fixture('template.csv') }),
      409,
      'assessment_not_draft',
    );
    expectProblem(await upload({ format: 'aim-template', fileName: 't.csv', body: fixture('template.csv'), token: world.tokens.otherOrg }), 404, 'not_found');
    expectProblem(await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.otherOrg), 404, 'not_found');
    expectProblem(await upload({ format: 'aim-template', fileName: 't.csv', body: fixture('template.csv'), token: world.tokens.analyst }), 403, 'forbidden');
    expectProblem(await upload({ format: 'aim-template', fileName: 't.csv', body: fixture('template.csv'), token: world.tokens.leader }), 403, 'forbidden');
    expect(await imports(submitted.id)).toEqual([]);
  });

  it('a respondent restricted to another scope gets 404 for the whole organisation’s draft', async () => {
    const scope = await api.post('/v1/scopes', { name: 'Payments', kind: 'platform' }, world.tokens.owner);
    expect(scope.status).toBe(201);
    const members = await api.get('/v1/members', world.tokens.owner);
    const respondentId = members.body.members.find((m: { person: { subject: string } }) => m.person.subject === world.people.respondent.subject).person.id;
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: scope.body.id } })).status).toBe(204);
    const before = (await imports()).length;
    const headers = world.people.respondent.headers;
    expectProblem(await upload({ format: 'aim-template', fileName: 't.csv', body: fixture('template.csv'), headers }), 404, 'not_found');
    expectProblem(await api.call('GET', `/v1/assessments/${draftId}/evidence`, { headers }), 404, 'not_found');
    expect((await imports()).length).toBe(before);
  });
});
