/**
 * The storage arithmetic (issue 13, finding 3): the worst case the documented answer
 * limits allow, for every questionnaire version in the catalogue, measured as DynamoDB
 * counts an item, stays under the design budget. A questionnaire that grows past it, or
 * a limit raised past it, fails here rather than a save in production.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { ActorType, Role } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { MEASURED_QUESTIONS } from '../core/evidence/proposals';
import { ANSWER_LIMITS } from '../core/questionnaire/answer-limits';
import { AnswerSchema, type Answer } from '../core/questionnaire/answers';
import type { Question, Questionnaire } from '../core/questionnaire/model';
import { scoreAssessment, type Scores } from '../core/scoring/score';
import type { Actor, Assessment, StoredAnswer } from './entities';
import {
  ASSESSMENT_DESIGN_BUDGET_BYTES,
  ASSESSMENT_MAX_BYTES,
  assessmentTooLarge,
  DYNAMODB_ITEM_LIMIT_BYTES,
  storedSize,
  tooLargeToStore,
  valueSize,
} from './stored-size';
import { CreateInvitationRequest, MintTokenRequest } from '../contract';

/** A BMP character of 3 UTF-8 bytes: the most bytes one UTF-16 code unit can take. */
const WIDE = '漢';
const wide = (length: number) => WIDE.repeat(length);
/** A UUID's length: token, organisation and assessment ids. */
const ID = 'f'.repeat(36);
/** An ISO time, as the clock writes it. */
const TIME = '2025-12-31T23:59:59.999Z';

const longest = (values: readonly string[]) => [...values].sort((a, b) => b.length - a.length)[0]!;
const labelLength = Math.max(MintTokenRequest.shape.label.maxLength ?? NaN, CreateInvitationRequest.shape.label.maxLength ?? NaN);

/** The largest actor a token can be: the longest label in 3-byte characters. */
const actor: Actor = {
  tokenId: ID,
  label: wide(labelLength),
  role: longest(Role.options) as Actor['role'],
  actorType: longest(ActorType.options) as Actor['actorType'],
};

const evidence = (questionId: string) =>
  Array.from({ length: ANSWER_LIMITS.evidenceLinks }, (_, i) => {
    const prefix = `https://evidence.example.com/${questionId}/${i}/`;
    return prefix + 'a'.repeat(ANSWER_LIMITS.evidenceUrlLength - prefix.length);
  });

function largestValue(question: Question): Answer['value'] {
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno':
      return longest(question.options.map((o) => o.id));
    case 'multi':
      return [...question.options]
        .sort((a, b) => b.id.length - a.id.length)
        .slice(0, ANSWER_LIMITS.valueOptions)
        .map((o) => o.id);
    case 'number':
      return question.max;
    case 'text':
      return wide(Math.min(question.maxLength, ANSWER_LIMITS.valueLength));
  }
}

/** The largest answer the API accepts for a question: every field at its limit. */
function largestAnswer(question: Question): Answer {
  const extras = { reason: wide(ANSWER_LIMITS.reasonLength), comment: wide(ANSWER_LIMITS.commentLength), evidence: evidence(question.id) };
  // A value with a reason (the schema allows both), or "not applicable" with one.
  const candidates: Answer[] = [
    { value: largestValue(question), notApplicable: false, ...extras },
    { notApplicable: true, ...extras },
  ];
  const valid = candidates.filter((a) => AnswerSchema.safeParse(a).success);
  expect(valid.length, `an answer at the limits for ${question.id} is valid`).toBeGreaterThan(0);
  return valid.sort((a, b) => valueSize(b) - valueSize(a))[0]!;
}

/**
 * The larger of an answer's two assurances (issue 20), on every question an import can measure
 * (the service refuses a reason elsewhere): self-attested with a reason at its limit (about
 * 1,540 bytes) outweighs evidence naming its import (ids, hash, time and a statement of about
 * 850 bytes with the longest file name); the service stores one or the other.
 */
const measured = new Set<string>(MEASURED_QUESTIONS);
const largestAssurance = { assurance: 'self-attested', assuranceReason: wide(ANSWER_LIMITS.reasonLength) } as const;

/** A submit's evidence flags, more than any import proposes: one for every measured choice question, every option left open. */
function largestFlags(questionnaire: Questionnaire): NonNullable<Assessment['evidenceFlags']> {
  return questionnaire.questions
    .flatMap((q) => (measured.has(q.id) && (q.type === 'single' || q.type === 'scale' || q.type === 'yesno') ? [q] : []))
    .map((q) => {
      const options = q.options.map((o) => o.id);
      return { questionId: q.id, importId: ID, proposed: longest(options), consistent: options, answered: longest(options) };
    });
}

/** Every cap of every question applied: more than scoring can ever report. */
function largestScores(questionnaire: Questionnaire, answers: Record<string, Answer>): Scores {
  const scores = scoreAssessment(questionnaire, answers);
  for (const [domain, score] of Object.entries(scores.domains))
    score.caps = questionnaire.questions
      .filter((q) => q.domain === domain)
      .flatMap((q) => q.caps.map((cap) => ({ question: q.id, maxLevel: cap.maxLevel, reason: cap.reason })));
  return scores;
}

/**
 * The largest stored assessment on a version: every question answered at the limits by
 * the largest actor, submitted with its scores, reopened from another, and a clearing
 * record for every question id of every version of the questionnaire (more than a
 * save can leave), with the key and type attributes the adapter adds.
 */
function largestAssessment(questionnaire: Questionnaire): Record<string, unknown> {
  const answers = Object.fromEntries(questionnaire.questions.map((q) => [q.id, largestAnswer(q)]));
  const stored: Record<string, StoredAnswer> = Object.fromEntries(
    Object.entries(answers).map(([id, a]) => [
      id,
      { ...a, ...(measured.has(id) ? largestAssurance : {}), updatedBy: actor, updatedAt: TIME, revision: 1_000_000 },
    ]),
  );
  const everyId = new Set(
    loadCatalogue()
      .all()
      .filter((q) => q.id === questionnaire.id)
      .flatMap((q) => q.questions.map((x) => x.id)),
  );
  const assessment: Assessment = {
    id: ID,
    organisationId: ID,
    questionnaireId: questionnaire.id,
    version: questionnaire.version,
    status: 'submitted',
    revision: 1_000_000,
    answers: stored,
    createdAt: TIME,
    createdBy: actor,
    updatedAt: TIME,
    submittedAt: TIME,
    scores: largestScores(questionnaire, answers),
    reopenedFrom: ID,
    evidenceFlags: largestFlags(questionnaire),
    clearedAnswers: Object.fromEntries([...everyId].map((id) => [id, { updatedBy: actor, updatedAt: TIME, revision: 1_000_000 }])),
  };
  return { PK: `ORG#${ID}`, SK: `ASSESSMENT#${ID}`, type: 'assessment', ...assessment };
}

/** The idempotency record of a submit or reopen: the assessment again, as the response body. */
function largestIdempotencyRecord(assessment: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, type: _type, ...body } = assessment;
  // An Idempotency-Key of 200 header characters, each up to 2 UTF-8 bytes (ISO-8859-1).
  const key = `assessment.submit#${'é'.repeat(200)}`;
  return {
    PK: `ORG#${ID}`,
    SK: `IDEMPOTENCY#${key}`,
    type: 'idempotency',
    scope: ID,
    key,
    requestHash: 'f'.repeat(64),
    status: 200,
    body,
    expiresAt: 4_102_444_800,
  };
}

describe('storedSize: DynamoDB item size accounting', () => {
  it('counts names and strings in UTF-8, numbers at their most, maps and lists with their overheads', () => {
    expect(storedSize({ PK: 'a', big: 'xyz' })).toBe(2 + 1 + 3 + 3);
    expect(storedSize({ s: WIDE })).toBe(1 + 3);
    expect(storedSize({ n: 1, b: true, z: null })).toBe(1 + 21 + 1 + 1 + 1 + 1);
    expect(storedSize({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(storedSize({ m: { key: 'v', gone: undefined } })).toBe(1 + 3 + (1 + 3 + 1));
    expect(storedSize({ gone: undefined })).toBe(0);
  });
});

describe('the documented answer limits fit one stored assessment', () => {
  const versions = loadCatalogue().all();
  const sizes = versions.map((q) => ({
    version: `${q.id}@${q.version}`,
    questions: q.questions.length,
    item: storedSize(largestAssessment(q)),
    record: storedSize(largestIdempotencyRecord(largestAssessment(q))),
  }));

  it('budgets below the runtime limit, and the runtime limit below the item limit', () => {
    expect(ASSESSMENT_DESIGN_BUDGET_BYTES).toBeLessThan(ASSESSMENT_MAX_BYTES);
    expect(ASSESSMENT_MAX_BYTES).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
  });

  it.each(sizes)('$version ($questions questions) at the limits: the assessment and its idempotency record fit', ({ item, record }) => {
    // The design budget: every question answered at every limit, with room to spare.
    expect(item).toBeLessThanOrEqual(ASSESSMENT_DESIGN_BUDGET_BYTES);
    // Never refused at run time, and the copy an idempotency record keeps fits too.
    expect(item).toBeLessThan(ASSESSMENT_MAX_BYTES);
    expect(record).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
  });

  it('states the arithmetic of answer-limits.ts: about 7,700 bytes an answer, at least 40 questions within the budget', () => {
    const largest = versions.sort((a, b) => b.questions.length - a.questions.length)[0]!;
    const single = largest.questions.find((q) => q.type === 'single')!;
    const perAnswer = 1 + 64 + valueSize({ ...largestAnswer(single), updatedBy: actor, updatedAt: TIME, revision: 1 }) + (64 - single.id.length);
    expect(perAnswer).toBeGreaterThan(7_500);
    expect(perAnswer).toBeLessThan(7_900);
    const room = Math.floor((ASSESSMENT_DESIGN_BUDGET_BYTES - Math.max(...sizes.map((s) => s.item))) / perAnswer);
    expect(largest.questions.length + room).toBeGreaterThanOrEqual(40);
  });

  it('is tied to the schema: one more character or link than the limits is refused', () => {
    const base = { value: 'x' };
    expect(AnswerSchema.safeParse({ ...base, comment: wide(ANSWER_LIMITS.commentLength) }).success).toBe(true);
    expect(AnswerSchema.safeParse({ ...base, comment: wide(ANSWER_LIMITS.commentLength + 1) }).success).toBe(false);
    expect(AnswerSchema.safeParse({ ...base, reason: wide(ANSWER_LIMITS.reasonLength + 1) }).success).toBe(false);
    expect(AnswerSchema.safeParse({ ...base, evidence: [...evidence('q'), 'https://example.com/one-more'] }).success).toBe(false);
    expect(AnswerSchema.safeParse({ ...base, evidence: [`${evidence('q')[0]}a`] }).success).toBe(false);
    // Not ASCII: a link's length would not be its size; percent-encoded it is.
    expect(AnswerSchema.safeParse({ ...base, evidence: [`https://example.com/${WIDE}`] }).success).toBe(false);
    expect(AnswerSchema.safeParse({ ...base, evidence: ['https://example.com/%E6%BC%A2'] }).success).toBe(true);
    // Normalisation cannot grow text past the limit: U+0958 becomes two code units in NFC.
    expect(AnswerSchema.safeParse({ ...base, comment: '\u0958'.repeat(ANSWER_LIMITS.commentLength / 2) }).success).toBe(true);
    expect(AnswerSchema.safeParse({ ...base, comment: '\u0958'.repeat(ANSWER_LIMITS.commentLength / 2 + 1) }).success).toBe(false);
  });
});

describe('tooLargeToStore', () => {
  const answers = { small: { value: 'a' }, large: { value: 'a', comment: 'c'.repeat(500) }, middle: { value: 'a', comment: 'c'.repeat(100) } };

  it('passes an assessment within the limit', () => {
    expect(tooLargeToStore({ answers }, { field: ['answers'] }, 10_000)).toBeUndefined();
  });

  it('refuses one over it with assessment_too_large, naming the answers and the largest first', () => {
    const problem = tooLargeToStore({ answers }, { field: ['answers'] }, 500);
    expect(problem).toBeInstanceOf(DomainError);
    expect(problem!.code).toBe('assessment_too_large');
    expect(problem!.errors.map((e) => e.field)).toEqual([['answers'], ['answers', 'large'], ['answers', 'middle'], ['answers', 'small']]);
    expect(problem!.extra).toMatchObject({ limitBytes: 500, sizeBytes: storedSize({ answers }) });
  });

  it('names the answers where the caller says they are, question ids as they are (the HTTP layer escapes them)', () => {
    const problem = assessmentTooLarge({ in: 'subject', field: ['answers'] }, { 'a/b~c': {} });
    expect(problem.errors.map(({ in: source, field }) => ({ source, field }))).toEqual([
      { source: 'subject', field: ['answers'] },
      { source: 'subject', field: ['answers', 'a/b~c'] },
    ]);
  });
});
