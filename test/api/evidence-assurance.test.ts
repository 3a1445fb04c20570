/**
 * Assurance through the API (issue 20, docs/evidence.md, "Assurance"), on DynamoDB Local: an
 * answer that accepts an import's proposal is evidence-backed and names its source; an
 * acceptance the import does not bear out is refused with the field; editing only the comment
 * keeps the evidence, changing the value drops it; an answer otherwise keeps its reason in the
 * audit trail; a submit flags the answer that contradicts the evidence and goes through.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

interface Proposal {
  questionId: string;
  value: string;
  consistent: string[];
  evidence: string;
}
interface StoredAnswer {
  value?: unknown;
  comment?: string;
  assurance?: string;
  assuranceReason?: string;
  evidenceSource?: { importId: string; sha256: string; importedAt: string; statement: string };
}

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;
let draftId: string;
let revision = 0;
let imported: { id: string; sha256: string; importedAt: string; proposals: Proposal[] };

const save = (answers: Record<string, unknown>) => api.patch(`/v1/assessments/${draftId}/answers`, { revision, answers }, world.tokens.owner);
const saved = async (answers: Record<string, unknown>) => {
  const res = await save(answers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  revision = res.body.revision;
  return res.body.answers as Record<string, StoredAnswer>;
};
type Choice = { id: string; options: { id: string }[] };
const choices = () => questionnaire.domains.flatMap((d) => d.questions).filter((q): q is typeof q & Choice => 'options' in q);
const optionsOf = (questionId: string) =>
  choices()
    .find((q) => q.id === questionId)!
    .options.map((o) => o.id);

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Assurance Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
  draftId = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
  const res = await api.call('POST', `/v1/assessments/${draftId}/evidence?format=aim-template&fileName=agents.csv`, {
    token: world.tokens.owner,
    rawBody: readFileSync('test/fixtures/evidence/template.csv', 'utf8'),
    headers: { 'content-type': 'text/csv' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  imported = res.body;
  expect(imported.proposals.length).toBeGreaterThanOrEqual(3);
});

afterAll(async () => {
  await platform?.stop();
});

describe('answer assurance', () => {
  it('accepting a proposal makes the answer evidence-backed, naming the import, its SHA-256 and the statement', async () => {
    const [first] = imported.proposals;
    const answers = await saved({ [first!.questionId]: { value: first!.value, evidenceImportId: imported.id } });
    expect(answers[first!.questionId]).toMatchObject({
      value: first!.value,
      assurance: 'evidence',
      evidenceSource: { importId: imported.id, sha256: imported.sha256, importedAt: imported.importedAt, statement: first!.evidence },
    });
    expect(answers[first!.questionId]).not.toHaveProperty('evidenceImportId');
  });

  it('refuses an acceptance the import does not bear out, accepting with a reason, and a reason where no import measured, saving nothing', async () => {
    const second = imported.proposals[1]!;
    const other = optionsOf(second.questionId).find((v: string) => v !== second.value);
    const wrongValue = await save({ [second.questionId]: { value: other, evidenceImportId: imported.id } });
    expectProblem(wrongValue, 400, 'validation_failed', `/body/answers/${second.questionId}/evidenceImportId`);
    const wrongImport = await save({ [second.questionId]: { value: second.value, evidenceImportId: 'no-such-import' } });
    expectProblem(wrongImport, 400, 'validation_failed', `/body/answers/${second.questionId}/evidenceImportId`);
    const both = await save({ [second.questionId]: { value: second.value, evidenceImportId: imported.id, assuranceReason: 'both at once' } });
    expectProblem(both, 400, 'validation_failed', `/body/answers/${second.questionId}/assuranceReason`);
    const unmeasured = choices().find((q) => !imported.proposals.some((p) => p.questionId === q.id))!;
    const noEvidence = await save({ [unmeasured.id]: { value: unmeasured.options[0]!.id, assuranceReason: 'nothing to depart from' } });
    expectProblem(noEvidence, 400, 'validation_failed', `/body/answers/${unmeasured.id}/assuranceReason`);
    const current = await api.get(`/v1/assessments/${draftId}`, world.tokens.owner);
    expect(current.body.revision).toBe(revision);
    expect(current.body.answers[second.questionId]).toBeUndefined();
  });

  it('editing only the comment keeps the evidence; changing the value makes the answer self-attested', async () => {
    const [first] = imported.proposals;
    const commented = await saved({ [first!.questionId]: { value: first!.value, comment: 'checked with the platform team' } });
    expect(commented[first!.questionId]).toMatchObject({ assurance: 'evidence', comment: 'checked with the platform team' });
    const other = optionsOf(first!.questionId).find((v: string) => v !== first!.value);
    const changed = await saved({ [first!.questionId]: { value: other } });
    expect(changed[first!.questionId]).toMatchObject({ value: other, assurance: 'self-attested' });
    expect(changed[first!.questionId]).not.toHaveProperty('evidenceSource');
    // Accept again: the second proposal too, for the submit below.
    const second = imported.proposals[1]!;
    const accepted = await saved({
      [first!.questionId]: { value: first!.value, evidenceImportId: imported.id },
      [second.questionId]: { value: second.value, evidenceImportId: imported.id },
    });
    expect([accepted[first!.questionId]?.assurance, accepted[second.questionId]?.assurance]).toEqual(['evidence', 'evidence']);
  });

  it('answering otherwise with a reason is self-attested, and the audit trail keeps the reason', async () => {
    const third = imported.proposals[2]!;
    const outside = optionsOf(third.questionId).find((v: string) => !third.consistent.includes(v));
    expect(outside).toBeDefined();
    const reason = 'the inventory misses the agents run by the data team';
    const answers = await saved({ [third.questionId]: { value: outside, assuranceReason: reason } });
    expect(answers[third.questionId]).toMatchObject({ value: outside, assurance: 'self-attested', assuranceReason: reason });
    const trail = await api.get('/v1/audit?kind=changes&limit=50', world.tokens.owner);
    const answerEvent = (trail.body.events as { operation: string; assurance?: unknown }[]).find((e) => e.operation === 'assessment.answer');
    expect(answerEvent?.assurance).toEqual([{ questionId: third.questionId, reason }]);
  });

  it('a submit flags the answer that contradicts the evidence, with its reason, and goes through', async () => {
    const third = imported.proposals[2]!;
    const current = (await api.get(`/v1/assessments/${draftId}`, world.tokens.owner)).body;
    const rest = Object.fromEntries(Object.entries(completeAnswers(questionnaire, (n) => n - 1)).filter(([q]) => !(q in current.answers)));
    // The rest agree with whatever the import proposes, so only the override is flagged.
    for (const p of imported.proposals.slice(3)) if (p.questionId in rest) rest[p.questionId] = { value: p.value };
    await saved(rest);
    const submitted = await api.post(`/v1/assessments/${draftId}/submit`, {}, world.tokens.owner);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.body.evidenceFlags).toEqual([
      expect.objectContaining({
        questionId: third.questionId,
        importId: imported.id,
        proposed: third.value,
        consistent: third.consistent,
      }),
    ]);
    const trail = await api.get('/v1/audit?kind=changes&limit=50', world.tokens.owner);
    const submitEvent = (trail.body.events as { operation: string; assurance?: unknown }[]).find((e) => e.operation === 'assessment.submit');
    expect(submitEvent?.assurance).toEqual([
      { questionId: third.questionId, importId: imported.id, reason: 'the inventory misses the agents run by the data team' },
    ]);
  });

  it("report.json counts the evidence-backed answers per domain, lists the flag with the reason, and marks each answer's assurance", async () => {
    const [first, second, third] = imported.proposals;
    const res = await api.get(`/v1/assessments/${draftId}/report.json`, world.tokens.owner);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { assurance, appendix } = res.body as {
      assurance: { evidenceBacked: number; answered: number; domains: { evidenceBacked: number }[]; flags: { questionId: string; reason: string | null }[] };
      appendix: { questions: { id: string; assurance?: string; evidenceStatement?: string; contradictsEvidence?: unknown }[] }[];
    };
    expect(assurance.evidenceBacked).toBe(2);
    expect(assurance.domains.reduce((n, d) => n + d.evidenceBacked, 0)).toBe(2);
    expect(assurance.flags).toEqual([
      expect.objectContaining({ questionId: third!.questionId, reason: 'the inventory misses the agents run by the data team' }),
    ]);
    const questions = appendix.flatMap((d) => d.questions);
    for (const p of [first!, second!])
      expect(questions.find((q) => q.id === p.questionId)).toMatchObject({ assurance: 'evidence', evidenceStatement: p.evidence });
    expect(questions.find((q) => q.id === third!.questionId)).toMatchObject({ assurance: 'self-attested', contradictsEvidence: expect.any(Object) });
  });
});
