/** The shape of one answer, shared by the API, the store, scoring and the report. */
import { z } from 'zod';
import { displayTextChecks } from '../display-text';
import { Identifier } from './model';

export const AnswerValue = z.union([
  z.string().max(5000).check(...displayTextChecks),
  z.number().finite(),
  z.array(Identifier).max(12),
]);

export const AnswerSchema = z
  .strictObject({
    value: AnswerValue.optional(),
    notApplicable: z.boolean().optional(),
    reason: z.string().min(1).check(...displayTextChecks).max(1000).optional(),
    comment: z.string().check(...displayTextChecks).max(4000).optional(),
    evidence: z.array(z.url({ protocol: /^https?$/ }).max(2000)).max(20).optional(),
  })
  .superRefine((answer, ctx) => {
    if (answer.notApplicable) {
      if (!answer.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required when marking a question not applicable' });
      if (answer.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a not-applicable answer has no value' });
    } else if (answer.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'an answer needs a value, or notApplicable with a reason' });
    }
  });

export type Answer = z.infer<typeof AnswerSchema>;
export type Answers = Record<string, Answer>;
