/**
 * How large a record is as a DynamoDB item, and the limits assessments are held to
 * (issue 13, finding 3). A draft's answers, a submitted assessment and a reopened draft
 * are one item each, and an item holds at most 400 KB; a write over it fails inside the
 * transaction. The services measure what they are about to write and refuse it with
 * `assessment_too_large` (422) first, so nothing partial is written and no save ends in
 * a 500; the adapter maps the database's own refusal to the same problem as a backstop.
 */
import { DomainError, type FieldProblem, type FieldRef } from '../core/errors';

/** DynamoDB's item size limit: 400 KB, attribute names and values in UTF-8. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * The most an assessment may measure (`storedSize`) when written: the item limit less
 * 8 KB for what the adapter and the idempotency record add around it (key and type
 * attributes, the record's scope, key, request hash and expiry; a few hundred
 * bytes) and for the estimate's rounding of numbers.
 */
export const ASSESSMENT_MAX_BYTES = DYNAMODB_ITEM_LIMIT_BYTES - 8 * 1024;

/**
 * What the worst case of the documented answer limits must stay under, for every
 * questionnaire version in the catalogue (answer-limits.test.ts): every question answered
 * at every limit, scored, with every clearing record. 50 KB below the item limit.
 */
export const ASSESSMENT_DESIGN_BUDGET_BYTES = 350 * 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The size of a value by DynamoDB's accounting: strings in UTF-8 bytes, numbers 21 bytes
 * (their most; DynamoDB counts about one byte per two significant digits plus one),
 * booleans and null 1, lists and maps 3 bytes plus 1 per element, map keys in UTF-8.
 * Undefined values are left out, as the document client does. Never less than DynamoDB's
 * own count, so a record measured under the limit is stored.
 */
export function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 21;
  if (typeof value === 'string') return utf8(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, element) => sum + (element === undefined ? 0 : 1 + valueSize(element)), 0);
  if (typeof value === 'object')
    return 3 + Object.entries(value).reduce((sum, [key, element]) => sum + (element === undefined ? 0 : 1 + utf8(key) + valueSize(element)), 0);
  return 0;
}

/** The size of an item: its attributes' names and values. */
export function storedSize(item: object): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + (value === undefined ? 0 : utf8(name) + valueSize(value)), 0);
}

/** The answers that take the most room, largest first, with their sizes. */
function largestAnswers(answers: Record<string, unknown>, count: number): { question: string; bytes: number }[] {
  return Object.entries(answers)
    .map(([question, answer]) => ({ question, bytes: valueSize(answer) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/**
 * The problem for an assessment that would not fit: 422 `assessment_too_large`, naming the
 * answers (`answers`: the input's answers for a save, `{ in: 'subject', field: ['answers'] }`
 * for a submit) and the largest of them, so the client knows what to shorten.
 */
export function assessmentTooLarge(answersField: FieldRef, answers: Record<string, unknown>, bytes?: number, limit = ASSESSMENT_MAX_BYTES): DomainError {
  const size = bytes === undefined ? '' : ` (${bytes.toLocaleString('en')} bytes)`;
  const errors: FieldProblem[] = [
    {
      ...answersField,
      message: `the assessment's answers would take more room than one stored assessment holds${size}, at most ${limit.toLocaleString('en')} bytes; shorten comments, reasons or evidence links`,
    },
    ...largestAnswers(answers, 3).map(({ question, bytes: answerBytes }) => ({
      ...answersField,
      field: [...answersField.field, question],
      message: `one of the largest answers: ${answerBytes.toLocaleString('en')} bytes`,
    })),
  ];
  return new DomainError('assessment_too_large', 'the assessment would be too large to store', errors, {
    limitBytes: limit,
    ...(bytes === undefined ? {} : { sizeBytes: bytes }),
  });
}

/**
 * The `assessment_too_large` problem when `assessment` measures over `limit`, else
 * undefined. `answersField` names its answers in the operation's terms.
 */
export function tooLargeToStore(
  assessment: { answers: Record<string, unknown> },
  answersField: FieldRef,
  limit = ASSESSMENT_MAX_BYTES,
): DomainError | undefined {
  const bytes = storedSize(assessment);
  return bytes > limit ? assessmentTooLarge(answersField, assessment.answers, bytes, limit) : undefined;
}

/** Throws `tooLargeToStore`'s problem, if any. */
export function assertStorable(assessment: { answers: Record<string, unknown> }, answersField: FieldRef, limit = ASSESSMENT_MAX_BYTES): void {
  const problem = tooLargeToStore(assessment, answersField, limit);
  if (problem) throw problem;
}
