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

/**
 * An answer's assurance (issue 20, docs/evidence.md, "Assurance"): `evidence` when the
 * respondent accepted the answer an import proposed (the import is named in `evidenceSource`),
 * `self-attested` otherwise; an answer that departs from imported evidence may say why.
 */
export const Assurance = z.enum(['evidence', 'self-attested']);

const assuranceReason = z
  .string()
  .min(1)
  .check(...displayTextChecks)
  .max(ANSWER_LIMITS.reasonLength)
  .describe('why the answer departs from what an import proposed (kept with the answer; the audit event of the save covers it)');

/** What a save may send besides the answer itself; the service turns it into the stored assurance. */
const assuranceRequestFields = {
  evidenceImportId: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe("accept the answer this import of the assessment proposed: the value must be the proposal's, and the answer's assurance becomes `evidence`"),
  assuranceReason: assuranceReason.optional(),
};

/** The import behind an evidence-backed answer, as stored with it. */
export const EvidenceSourceSchema = z.object({
  importId: z.string(),
  sha256: z.string().describe("the imported file's SHA-256 (hex)"),
  importedAt: z.string(),
  statement: z.string().describe('the evidence sentence of the accepted proposal (counts, file name, date and short SHA-256)'),
});

/** The assurance fields of a stored answer (absent `assurance`: self-attested, saved before assurance was recorded). */
export const storedAssuranceFields = {
  assurance: Assurance.optional(),
  evidenceSource: EvidenceSourceSchema.optional().describe('present when `assurance` is `evidence`'),
  assuranceReason: assuranceReason.optional(),
};

export type AnswerAssurance = z.infer<typeof Assurance>;
export type EvidenceSource = z.infer<typeof EvidenceSourceSchema>;
export type StoredAssurance = { assurance?: AnswerAssurance; evidenceSource?: EvidenceSource; assuranceReason?: string };

export const AnswerSchema = z.strictObject({ ...answerFields, ...assuranceRequestFields }).superRefine((answer, ctx) => {
  if (answer.evidenceImportId !== undefined && answer.assuranceReason !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['assuranceReason'],
      message: "an answer either accepts an import's proposal (evidenceImportId) or departs from it with a reason, not both",
    });
  if (answer.evidenceImportId !== undefined && answer.notApplicable)
    ctx.addIssue({ code: 'custom', path: ['evidenceImportId'], message: 'a not-applicable answer cannot accept a proposed answer' });
  if (answer.notApplicable) {
    if (!answer.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required when marking a question not applicable' });
    if (answer.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a not-applicable answer has no value' });
  } else if (answer.value === undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'an answer needs a value, or notApplicable with a reason' });
  }
});

export type Answer = z.infer<typeof AnswerSchema>;
export type Answers = Record<string, Answer>;
/** An answer as stored (without who changed it): the request's fields less `evidenceImportId`, with its assurance. */
export type AssuredAnswer = Omit<Answer, 'evidenceImportId'> & StoredAssurance;
export type AssuredAnswers = Record<string, AssuredAnswer>;
