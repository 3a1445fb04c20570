/**
 * Names, labels and free text show what they say (issue 13, finding 8): control
 * characters, bidirectional overrides and invisible formatting characters get 400
 * `validation_failed` with a pointer to the field and the offending code point, names are
 * stored trimmed and in Unicode NFC, and scripts that need joiners still register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { allQuestions, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { organisationDetails } from '../support/api-steps';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

const organisation = (name: string) => organisationDetails(name, { industry: 'technology', sizeBand: '50-249' });

function expectRejected(res: ApiResponse, pointer: string, message: RegExp) {
  expectProblem(res, 400, 'validation_failed', pointer);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, message: expect.stringMatching(message) })]));
}

/** Spoofing and control characters, with the code point the error must name. */
const BAD: [string, string, RegExp][] = [
  ['a right-to-left override', '\u202Egnp.exe', /U\+202E RIGHT-TO-LEFT OVERRIDE/],
  ['NUL', 'Acme\u0000Corp', /U\+0000 NULL/],
  ['BEL', 'Acme\u0007', /U\+0007 BELL/],
  ['a left-to-right isolate', 'Acme \u2066Ltd\u2069', /U\+2066 LEFT-TO-RIGHT ISOLATE/],
  ['a zero width space', 'Ac\u200Bme', /U\+200B ZERO WIDTH SPACE/],
  ['a line separator', 'Acme\u2028Ltd', /U\+2028 LINE SEPARATOR/],
];

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

describe('organisation names', () => {
  it.each(BAD)('rejects a name with %s', async (_what, name, message) => {
    expectRejected(await api.post('/v1/organisations', organisation(name)), '/body/name', message);
  });

  it('says which character, where, and why', async () => {
    const res = await api.post('/v1/organisations', organisation('\u202Egnp.exe'));
    expect(res.body.errors).toEqual([
      {
        pointer: '/body/name',
        message:
          'contains U+202E RIGHT-TO-LEFT OVERRIDE at position 1, which is not allowed in names and labels (control, bidirectional and invisible formatting characters change how a name reads)',
      },
    ]);
  });

  it('stores names trimmed and in Unicode NFC, and keeps scripts that need joiners', async () => {
    const decomposed = await api.post('/v1/organisations', organisation('  Cafe\u0301 Zu\u0308rich \n'));
    expect(decomposed.status).toBe(201);
    expect(decomposed.body.organisation.name).toBe('Caf\u00E9 Z\u00FCrich');
    for (const name of ['שלום בע״מ', 'شركة المثال', 'می\u200Cخواهم', 'Family \u{1F468}\u200D\u{1F469}\u200D\u{1F467} Ltd', '東京株式会社']) {
      const res = await api.post('/v1/organisations', organisation(name));
      expect(res.status, name).toBe(201);
      expect(res.body.organisation.name).toBe(name);
    }
  });

  it('confirms a deletion with the name as stored, however it is typed', async () => {
    const { token } = (await api.post('/v1/organisations', organisation('Cafe\u0301 Deletable'))).body;
    expect((await api.call('DELETE', '/v1/organisation', { body: { confirm: 'Cafe\u0301 Deletable ' }, token: token.secret })).status).toBe(204);
  });
});

describe('token and invitation labels', () => {
  let owner: string;

  beforeAll(async () => {
    owner = (await api.post('/v1/organisations', organisation('Labels Ltd'))).body.token.secret;
  });

  it.each(BAD)('rejects a token label with %s', async (_what, label, message) => {
    expectRejected(await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label }, owner), '/body/label', message);
  });

  it.each(BAD)('rejects an invitation label with %s', async (_what, label, message) => {
    expectRejected(await api.post('/v1/invitations', { role: 'respondent', label }, owner), '/body/label', message);
  });

  it('stored none of the rejected labels', async () => {
    const tokens = (await api.get('/v1/tokens', owner)).body.tokens as { label: string }[];
    const invitations = (await api.get('/v1/invitations', owner)).body.invitations as { label: string }[];
    expect([...tokens, ...invitations].map((t) => t.label)).toEqual(['first owner']);
  });

  it('stores labels trimmed and in NFC', async () => {
    const minted = await api.post('/v1/tokens', { role: 'leader', label: ' Ame\u0301lie ' }, owner);
    expect(minted.status).toBe(201);
    expect(minted.body.token.label).toBe('Am\u00E9lie');
  });
});

describe('free text in answers', () => {
  let owner: string;
  let assessmentId: string;
  let choice: { id: string; value: string };
  let optional: string;

  beforeAll(async () => {
    owner = (await api.post('/v1/organisations', organisation('Free Text Ltd'))).body.token.secret;
    assessmentId = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body.id;
    const single = allQuestions(questionnaire).find((q) => q.type === 'single' && !q.showIf) as any;
    choice = { id: single.id, value: single.options[0].id };
    optional = allQuestions(questionnaire).find((q) => q.allowNotApplicable && !q.showIf)!.id;
  });

  it('rejects a comment with a bidirectional override or a control character', async () => {
    for (const [comment, message] of [
      ['see \u202Efdp.exe', /U\+202E RIGHT-TO-LEFT OVERRIDE/],
      ['ring \u0007', /U\+0007 BELL/],
    ] as const) {
      const res = await api.patch(
        `/v1/assessments/${assessmentId}/answers`,
        { revision: 0, answers: { [choice.id]: { value: choice.value, comment } } },
        owner,
      );
      expectRejected(res, `/body/answers/${choice.id}/comment`, message);
    }
  });

  it('rejects a not-applicable reason and a value with one', async () => {
    const reason = await api.patch(
      `/v1/assessments/${assessmentId}/answers`,
      { revision: 0, answers: { [optional]: { notApplicable: true, reason: 'n/a \u202E' } } },
      owner,
    );
    expectRejected(reason, `/body/answers/${optional}/reason`, /U\+202E RIGHT-TO-LEFT OVERRIDE/);
    const value = await api.patch(
      `/v1/assessments/${assessmentId}/answers`,
      { revision: 0, answers: { [choice.id]: { value: `${choice.value}\u0000` } } },
      owner,
    );
    expectRejected(value, `/body/answers/${choice.id}/value`, /U\+0000 NULL/);
  });

  it('keeps tabs and line breaks in free text', async () => {
    const comment = 'First line\n\tindented\r\nlast line';
    const { revision } = (await api.get(`/v1/assessments/${assessmentId}`, owner)).body;
    const res = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision, answers: { [choice.id]: { value: choice.value, comment } } }, owner);
    expect(res.status).toBe(200);
    const saved = await api.get(`/v1/assessments/${assessmentId}`, owner);
    expect(saved.body.answers[choice.id].comment).toBe(comment);
  });
});
