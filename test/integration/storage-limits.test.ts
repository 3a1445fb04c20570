/**
 * The defence behind the answer limits (issue 13, finding 3), against DynamoDB Local: a
 * save, submit, reopen or upgrade that would make an assessment larger than it may be is
 * refused with `assessment_too_large` before anything is written (services measured with
 * a small test budget), and when DynamoDB itself refuses an item over 400 KB the
 * assessment store turns that into the same problem, with nothing written, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import type { Principal } from '../../functions/core/access/principal';
import { DomainError } from '../../functions/core/errors';
import { problemFromError } from '../../functions/http/problems';
import { AssessmentUpgradeService } from '../../functions/services/assessment-upgrade';
import { AssessmentService } from '../../functions/services/assessments';
import type { Actor, Assessment, AuditEvent, StoredAnswer, Submission } from '../../functions/services/entities';
import { storedSize } from '../../functions/services/stored-size';
import { completeAnswers, servedFrom, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';

let ctx: Awaited<ReturnType<typeof freshServices>>;
let owner: Principal;
let v100: ServedQuestionnaire;

const served = (version: string) => servedFrom(ctx.services.catalogue.get('agent-identity', version));

/** The assessment service with a budget of `maxAssessmentBytes`, on the same table. */
const limited = (maxAssessmentBytes: number) =>
  new AssessmentService({ ...ctx.services.stores, catalogue: ctx.services.catalogue, clock: ctx.services.clock, ids: ctx.services.ids, maxAssessmentBytes });

async function events(id: string) {
  const doc = createDocumentClient(ctx.services.client);
  const result = await doc.send(
    new QueryCommand({
      TableName: ctx.config.AIM_TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': `ORG#${owner.organisationId}`, ':audit': 'AUDIT#' },
    }),
  );
  return (result.Items ?? []).filter((e) => e.target?.id === id);
}

/** The answers a save was given, and those of the stored assessment a submit, reopen or upgrade writes. */
const SAVED_ANSWERS = { field: ['answers'] };
const STORED_ANSWERS = { in: 'subject', field: ['answers'] };

/** Expects `promise` to fail with assessment_too_large naming `answers` first. */
async function expectTooLarge(promise: Promise<unknown>, answers: typeof SAVED_ANSWERS | typeof STORED_ANSWERS) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('assessment_too_large');
  expect((error as DomainError).errors[0]).toEqual({ ...answers, message: expect.any(String) });
  // As HTTP: 422, never a 5xx.
  expect(problemFromError(error)).toMatchObject({ status: 422, code: 'assessment_too_large' });
  return error as DomainError;
}

async function completeDraft(version = '1.0.0') {
  const body = await ctx.services.assessments.create(owner, { questionnaireId: 'agent-identity', version });
  const answers = completeAnswers(served(version), () => 2);
  const first = Object.keys(answers)[0]!;
  answers[first] = { ...answers[first]!, comment: 'c'.repeat(800) };
  return ctx.services.assessments.saveAnswers(owner, body.id, { revision: 0, answers });
}

beforeAll(async () => {
  ctx = await freshServices();
  const { token } = await ctx.services.organisations.register({ name: 'Budget Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
  owner = await ctx.services.tokens.authenticate(token.secret);
  v100 = served('1.0.0');
});

describe('refused before writing, with a small budget', () => {
  it('a save that would pass the budget: 422 naming the answers, the draft and the trail unchanged', async () => {
    const draft = await completeDraft();
    const size = storedSize(await ctx.services.assessments.get(owner, draft.id));
    const eventsBefore = (await events(draft.id)).length;
    const [questionId, answer] = Object.entries(completeAnswers(v100, () => 2)).at(-1)!;
    const error = await expectTooLarge(
      limited(size + 200).saveAnswers(owner, draft.id, { revision: draft.revision, answers: { [questionId]: { ...answer!, comment: 'x'.repeat(1000) } } }),
      SAVED_ANSWERS,
    );
    expect(error.extra).toMatchObject({ limitBytes: size + 200, sizeBytes: expect.any(Number) });
    // The largest answers first: the one being saved, then the one with the 800-character comment.
    expect(error.errors.slice(1, 3).map((e) => e.field)).toEqual([
      ['answers', questionId],
      ['answers', Object.keys(completeAnswers(v100, () => 2))[0]],
    ]);
    const stored = await ctx.services.assessments.get(owner, draft.id);
    expect(stored.revision).toBe(draft.revision);
    expect(stored.answers[questionId]!.comment).toBeUndefined();
    expect((await events(draft.id)).length).toBe(eventsBefore);
    // Within the budget, the same service saves.
    await limited(size + 2_000).saveAnswers(owner, draft.id, {
      revision: draft.revision,
      answers: { [questionId]: { ...answer!, comment: 'x'.repeat(1000) } },
    });
  });

  it('a submit whose scores would pass the budget: 422, still a draft, no submission written', async () => {
    const draft = await completeDraft();
    const size = storedSize(await ctx.services.assessments.get(owner, draft.id));
    await expectTooLarge(limited(size + 10).submit(owner, draft.id), STORED_ANSWERS);
    const stored = await ctx.services.assessments.get(owner, draft.id);
    expect(stored).toMatchObject({ status: 'draft', revision: draft.revision });
    expect((await events(draft.id)).map((e) => e.operation)).not.toContain('assessment.submit');
    expect((await ctx.services.assessments.submit(owner, draft.id)).status).toBe('submitted');
  });

  it('a reopen whose draft would pass the budget: 422, no new draft', async () => {
    const draft = await completeDraft();
    await ctx.services.assessments.submit(owner, draft.id);
    const count = (await ctx.services.assessments.list(owner)).length;
    await expectTooLarge(limited(1_000).reopen(owner, draft.id), STORED_ANSWERS);
    expect((await ctx.services.assessments.list(owner)).length).toBe(count);
  });

  it('an upgrade whose draft would pass the budget: 422, still on its version', async () => {
    const draft = await completeDraft('1.0.0');
    const upgrades = new AssessmentUpgradeService({
      assessments: ctx.services.stores.assessments,
      catalogue: ctx.services.catalogue,
      clock: ctx.services.clock,
      ids: ctx.services.ids,
      maxAssessmentBytes: 1_000,
    });
    await expectTooLarge(upgrades.upgrade(owner, draft.id, { version: '1.1.0' }), STORED_ANSWERS);
    expect(await ctx.services.assessments.get(owner, draft.id)).toMatchObject({ version: '1.0.0', revision: draft.revision });
  });
});

describe('refused by DynamoDB (over 400 KB): mapped by the assessment store, nothing written', () => {
  const actor: Actor = { tokenId: 'test', label: 'test', role: 'owner', actorType: 'human' };
  const audit = (id: string, operation: string): AuditEvent => ({
    id: randomUUID(),
    organisationId: owner.organisationId,
    at: new Date().toISOString(),
    actor,
    operation,
    target: { type: 'assessment', id },
    beforeHash: null,
    afterHash: null,
  });
  const huge = (revision: number): StoredAnswer => ({
    value: 'x',
    comment: 'x'.repeat(410_000),
    updatedBy: actor,
    updatedAt: new Date().toISOString(),
    revision,
  });

  it('a save (an Update cancelled with a ValidationError reason)', async () => {
    const draft = await completeDraft();
    const questionId = Object.keys(draft.answers)[0]!;
    const eventsBefore = (await events(draft.id)).length;
    const store = ctx.services.stores.assessments;
    const error = await expectTooLarge(
      store.saveAnswers({
        organisationId: owner.organisationId!,
        assessmentId: draft.id,
        expectedRevision: draft.revision,
        changes: { [questionId]: huge(draft.revision + 1) },
        clearedAnswers: {},
        updatedAt: new Date().toISOString(),
        audit: audit(draft.id, 'assessment.answer'),
      }),
      SAVED_ANSWERS,
    );
    expect(error.errors[1]).toMatchObject({ field: ['answers', questionId] });
    expect(problemFromError(error).errors![1]!.pointer).toBe(`/body/answers/${questionId}`);
    expect(await ctx.services.assessments.get(owner, draft.id)).toMatchObject({
      revision: draft.revision,
      answers: { [questionId]: draft.answers[questionId] },
    });
    expect((await events(draft.id)).length).toBe(eventsBefore);
  });

  it('a new assessment (a Put refused before the transaction)', async () => {
    const id = randomUUID();
    const at = new Date().toISOString();
    const assessment: Assessment = {
      id,
      organisationId: owner.organisationId!,
      questionnaireId: 'agent-identity',
      version: '1.0.0',
      status: 'draft',
      revision: 0,
      answers: { q: huge(0) },
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
    };
    await expectTooLarge(ctx.services.stores.assessments.create(assessment, audit(id, 'assessment.reopen')), STORED_ANSWERS);
    expect(await ctx.services.stores.assessments.get(owner.organisationId!, id)).toBeUndefined();
    expect(await events(id)).toEqual([]);
  });

  it('a submit (the answers written with the scores)', async () => {
    const draft = await completeDraft();
    const at = new Date().toISOString();
    const questionId = Object.keys(draft.answers)[0]!;
    const submitted: Assessment = {
      ...draft,
      status: 'submitted',
      revision: draft.revision + 1,
      submittedAt: at,
      scores: { overall: { score: 1, level: 1 }, domains: {} },
      answers: { ...draft.answers, [questionId]: huge(draft.revision) },
    };
    const submission: Submission = {
      assessmentId: draft.id,
      organisationId: owner.organisationId!,
      questionnaireId: 'agent-identity',
      version: '1.0.0',
      industry: 'technology',
      sizeBand: '50-249',
      region: 'europe',
      synthetic: false,
      contributesToBenchmarks: true,
      submittedAt: at,
      scores: submitted.scores!,
    };
    await expectTooLarge(
      ctx.services.stores.assessments.submit({
        assessment: submitted,
        expectedRevision: draft.revision,
        submission,
        audit: audit(draft.id, 'assessment.submit'),
      }),
      STORED_ANSWERS,
    );
    expect(await ctx.services.assessments.get(owner, draft.id)).toMatchObject({ status: 'draft', revision: draft.revision });
  });
});
