import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import { DomainError } from '../../functions/core/errors';
import { allQuestions, completeAnswers, servedFrom, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';
import { storedAuditEvents } from '../support/audit-trail';

let ctx: Awaited<ReturnType<typeof freshServices>>;
let owner: Principal;
let questionnaire: ServedQuestionnaire;

const auditEvents = (organisationId: string) => storedAuditEvents(ctx, organisationId);

beforeAll(async () => {
  ctx = await freshServices();
  const { organisation, token } = await ctx.services.organisations.register({
    name: 'Together Ltd',
    industry: 'technology',
    sizeBand: '50-249',
    region: 'europe',
  });
  owner = await ctx.services.tokens.authenticate(token.secret);
  questionnaire = servedFrom(ctx.services.catalogue.get('agent-identity', '1.0.0'));
  expect(organisation.id).toBe(owner.organisationId);
});

async function newDraft() {
  const body = await ctx.services.assessments.create(owner, { questionnaireId: 'agent-identity', version: '1.0.0' });
  return body;
}

describe('answering together', () => {
  it('lands every concurrent save to a different question, each based on revision 0', async () => {
    const draft = await newDraft();
    // Questions that are always asked: a follow-up saved before the answer that opens it
    // would be refused (hidden-answers.ts), and these saves land in any order.
    const answers = Object.entries(completeAnswers(questionnaire, () => 2)).filter(
      ([questionId]) => !allQuestions(questionnaire).find((q) => q.id === questionId)?.showIf,
    );
    const results = await Promise.allSettled(
      answers.map(([questionId, answer]) => ctx.services.assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [questionId]: answer } })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const final = await ctx.services.assessments.get(owner, draft.id);
    expect(final.revision).toBe(answers.length);
    for (const [questionId, answer] of answers) expect(final.answers[questionId]).toMatchObject(answer!);
    const events = (await auditEvents(owner.organisationId!)).filter((e) => e.operation === 'assessment.answer' && e.target.id === draft.id);
    expect(events).toHaveLength(answers.length);
  });

  it('lets exactly one of many concurrent saves to the same question win; the others get 409 with the winner', async () => {
    const draft = await newDraft();
    const question = questionnaire.domains[0]!.questions.find((q) => q.type === 'single')!;
    const options = 'options' in question ? question.options : [];
    const writers = options.map((o) => ({ value: o.id }));
    const results = await Promise.allSettled(
      writers.map((answer) => ctx.services.assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [question.id]: answer } })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof ctx.services.assessments.saveAnswers>>> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(writers.length - 1);
    const final = await ctx.services.assessments.get(owner, draft.id);
    expect(final.revision).toBe(1);
    for (const failure of lost) {
      expect(failure.reason).toBeInstanceOf(DomainError);
      expect(failure.reason.code).toBe('revision_conflict');
      expect(failure.reason.extra.conflicts[0].current.value).toBe(final.answers[question.id]!.value);
    }
  });

  it('treats clearing an answer as a change: a stale save of that question conflicts', async () => {
    const draft = await newDraft();
    const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 2))[0]!;
    const saved = await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [questionId]: answer } });
    const cleared = await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: saved.revision, answers: { [questionId]: null } });
    expect(cleared.answers[questionId]).toBeUndefined();
    // A colleague still on the revision before the clearing must not silently bring the answer back.
    await expect(ctx.services.assessments.saveAnswers(owner, draft.id, { revision: saved.revision, answers: { [questionId]: answer } })).rejects.toMatchObject({
      code: 'revision_conflict',
      extra: { conflicts: [{ question: questionId, current: { cleared: true, revision: cleared.revision, updatedBy: { role: 'owner' } } }] },
    });
    const again = await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: cleared.revision, answers: { [questionId]: answer } });
    expect(again.answers[questionId]).toMatchObject(answer);
    expect((await ctx.services.assessments.get(owner, draft.id)).clearedAnswers).toEqual({});
  });

  it('writes neither the change nor its event when the transaction fails', async () => {
    const draft = await newDraft();
    const before = await auditEvents(owner.organisationId!);
    const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;
    // A stale expected revision makes the conditional update fail inside the transaction.
    const outcome = await ctx.services.stores.assessments.saveAnswers({
      organisationId: owner.organisationId!,
      assessmentId: draft.id,
      expectedRevision: 7,
      changes: {
        [questionId]: {
          ...answer,
          updatedBy: { tokenId: owner.tokenId, label: owner.label, role: owner.role, actorType: owner.actorType },
          updatedAt: new Date().toISOString(),
          revision: 8,
        },
      },
      clearedAnswers: {},
      updatedAt: new Date().toISOString(),
      audit: {
        id: 'evt-should-not-exist',
        organisationId: owner.organisationId,
        at: new Date().toISOString(),
        actor: { tokenId: owner.tokenId, label: owner.label, role: owner.role, actorType: owner.actorType },
        operation: 'assessment.answer',
        target: { type: 'assessment', id: draft.id },
        beforeHash: null,
        afterHash: null,
      },
    });
    expect(outcome).toBe('conflict');
    const after = await auditEvents(owner.organisationId!);
    expect(after).toHaveLength(before.length);
    expect(after.some((e) => e.id === 'evt-should-not-exist')).toBe(false);
    expect((await ctx.services.assessments.get(owner, draft.id)).answers).toEqual({});
  });

  it('keeps the change out when its audit event cannot be written', async () => {
    const draft = await newDraft();
    const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;
    const at = new Date().toISOString();
    const actor = { tokenId: owner.tokenId, label: owner.label, role: owner.role, actorType: owner.actorType };
    const event = {
      id: 'evt-duplicate',
      organisationId: owner.organisationId,
      at,
      actor,
      operation: 'assessment.answer',
      target: { type: 'assessment', id: draft.id },
      beforeHash: null,
      afterHash: null,
    };
    const stored = { ...answer, updatedBy: actor, updatedAt: at, revision: 1 };
    // The first save writes the event; a second save reusing the same event key must fail whole.
    const save = { organisationId: owner.organisationId!, assessmentId: draft.id, clearedAnswers: {}, updatedAt: at, audit: event };
    expect(await ctx.services.stores.assessments.saveAnswers({ ...save, expectedRevision: 0, changes: { [questionId]: stored } })).toBe('written');
    const otherQuestion = Object.keys(completeAnswers(questionnaire, () => 1))[1]!;
    expect(await ctx.services.stores.assessments.saveAnswers({ ...save, expectedRevision: 1, changes: { [otherQuestion]: { ...stored, revision: 2 } } })).toBe(
      'conflict',
    );
    const final = await ctx.services.assessments.get(owner, draft.id);
    expect(final.revision).toBe(1);
    expect(Object.keys(final.answers)).toEqual([questionId]);
  });

  it('submits once even when retried concurrently with the same Idempotency-Key', async () => {
    const draft = await newDraft();
    await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: 0, answers: completeAnswers(questionnaire, () => 1) });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => ctx.services.assessments.submit(owner, draft.id, 'same-key')));
    const bodies = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    const submits = (await auditEvents(owner.organisationId!)).filter((e) => e.operation === 'assessment.submit' && e.target.id === draft.id);
    expect(submits).toHaveLength(1);
    await expect(ctx.services.assessments.submit(owner, draft.id, 'same-key')).resolves.toEqual(bodies[0]);
    await expect(ctx.services.assessments.submit(owner, 'another-assessment', 'same-key')).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });
});
