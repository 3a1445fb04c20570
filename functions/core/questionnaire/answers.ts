/** The shape of one answer, shared by the API, the store, scoring and the report. */
import { z } from 'zod';
import { displayTextChecks } from '../display-text';
import { ANSWER_LIMITS } from './answer-limits';
import { Identifier } from './model';

/** Printable ASCII: what a URL is once percent-encoded, so its length is its size in bytes. */
const URL_CHARACTERS = /^[\x21-\x7e]+$/;

export const AnswerValue = z.union([
  z
    .string()
    .max(ANSWER_LIMITS.valueLength)
    .check(...displayTextChecks),
  z.number().finite(),
  z.array(Identifier).max(ANSWER_LIMITS.valueOptions),
]);

/** The fields of an answer; a stored answer adds who changed it and when (functions/contract). */
export const answerFields = {
  value: AnswerValue.optional(),
  notApplicable: z.boolean().optional(),
  // The length limits apply after normalisation (NFC can lengthen text): the storage
  // arithmetic in answer-limits.ts counts on them holding for what is stored.
  reason: z
    .string()
    .min(1)
    .check(...displayTextChecks)
    .max(ANSWER_LIMITS.reasonLength)
    .optional(),
  comment: z
    .string()
    .check(...displayTextChecks)
    .max(ANSWER_LIMITS.commentLength)
    .optional(),
  evidence: z
    .array(
      z
        .url({ protocol: /^https?$/ })
        .max(ANSWER_LIMITS.evidenceUrlLength)
        .regex(
          URL_CHARACTERS,
          'a link is printable ASCII: percent-encode spaces and other characters (https://example.com/caf%C3%A9), as a browser does when you copy a link',
        ),
    )
    .max(ANSWER_LIMITS.evidenceLinks)
    .optional(),
};

export const AnswerSchema = z.strictObject(answerFields).superRefine((answer, ctx) => {
  if (answer.notApplicable) {
    if (!answer.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required when marking a question not applicable' });
    if (answer.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a not-applicable answer has no value' });
  } else if (answer.value === undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'an answer needs a value, or notApplicable with a reason' });
  }
});

export type Answer = z.infer<typeof AnswerSchema>;
export type Answers = Record<string, Answer>;
