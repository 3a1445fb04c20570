/**
 * The questionnaire model: the single source of truth for what a questionnaire
 * version is. Types are inferred from these schemas; the JSON Schema that every
 * questionnaire file references is generated from them too.
 */
import { z } from 'zod';

export const Identifier = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, starting with a letter');

export const SemanticVersion = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'semantic version such as 1.0.0');

export const MaturityLevel = z.number().int().min(1).max(5);

export const OptionSchema = z.strictObject({
  id: Identifier,
  label: z.string().min(1).max(300),
  level: MaturityLevel.describe('maturity level (1 ad hoc … 5 adaptive) that choosing this option shows'),
  // Both optional without a default, so published versions parse to what they always did.
  exclusive: z
    .boolean()
    .optional()
    .describe(
      'multi-select only: true for an option such as "none" that cannot be chosen together with others; false says an option that looks like "none" is not',
    ),
  sharesLevel: z.boolean().optional().describe('single choice and scale: true when this option deliberately shows the same level as the option before it'),
  // No default either: absent means false, so 1.0.0 and 1.1.0 score exactly as before (docs/scoring.md).
  essential: z
    .boolean()
    .optional()
    .describe(
      "multi-select only: an action every organisation at this option's level and above must have; when it is not ticked, the answer's level is at most this option's level minus 1 (never below 1). Never together with exclusive",
    ),
});

/** A question is shown only when another question's answer is one of `anyOf`. */
export const ShowIfSchema = z.strictObject({
  question: Identifier,
  anyOf: z.array(Identifier).min(1),
});

/** Choosing one of `options` holds the question's domain (or, with scope "overall", the overall level) at `maxLevel` at most. */
export const CapSchema = z.strictObject({
  options: z.array(Identifier).min(1),
  maxLevel: MaturityLevel,
  reason: z.string().min(1).max(300),
  // No default: parsed published versions stay exactly as they were.
  scope: z.enum(['domain', 'overall']).optional().describe('what the cap holds down: its domain (absent or "domain") or the overall level'),
});

/** Recommend `control` when this question's level is below `belowLevel` (or unanswered). */
export const RecommendationSchema = z.strictObject({
  control: Identifier,
  belowLevel: z.number().int().min(2).max(5),
});

/** Number questions map a value to a level through ascending thresholds. */
export const NumberBandSchema = z.strictObject({
  min: z.number(),
  level: MaturityLevel,
});

const questionBase = {
  id: Identifier,
  domain: Identifier,
  prompt: z.string().min(1).max(500),
  help: z.string().max(2000).default(''),
  weight: z.number().min(0).max(10).default(1),
  required: z.boolean().default(true),
  allowNotApplicable: z.boolean().default(false),
  showIf: ShowIfSchema.optional(),
  caps: z.array(CapSchema).default([]),
  recommendations: z.array(RecommendationSchema).default([]),
};

const optionList = z.array(OptionSchema).min(2).max(12);

export const QuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('single'), options: optionList }),
  z.strictObject({ ...questionBase, type: z.literal('scale'), options: optionList }),
  z.strictObject({ ...questionBase, type: z.literal('yesno'), options: optionList.length(2) }),
  z.strictObject({ ...questionBase, type: z.literal('multi'), options: optionList }),
  z.strictObject({
    ...questionBase,
    type: z.literal('number'),
    unit: z.string().max(40).default(''),
    min: z.number().default(0),
    max: z.number().default(1_000_000),
    bands: z.array(NumberBandSchema).min(1),
  }),
  z.strictObject({ ...questionBase, type: z.literal('text'), maxLength: z.number().int().min(1).max(5000).default(2000) }),
]);

export const DomainSchema = z.strictObject({
  id: Identifier,
  title: z.string().min(1).max(120),
  description: z.string().min(1).max(1000),
  weight: z.number().positive().max(10).default(1),
  levelDescriptions: z.array(z.string().min(1).max(500)).length(5).describe('what levels 1 to 5 mean in this domain, in order'),
});

export const Effort = z.enum(['low', 'medium', 'high']);
export const Impact = z.enum(['low', 'medium', 'high']);

/** A framework reference always names the edition it refers to. */
export const FrameworkReferenceSchema = z.strictObject({
  framework: z.string().min(1).max(80).describe('for example "NIST SP 800-53", "OWASP NHI Top 10", "RFC"'),
  edition: z.string().min(1).max(40).describe('for example "Rev.5", "2025", "8693"'),
  id: z.string().max(40).optional().describe('the item inside the framework, for example "AC-6(9)" or "NHI5"'),
});

export const ControlSchema = z.strictObject({
  id: Identifier,
  title: z.string().min(1).max(160),
  action: z.string().min(1).max(2000).describe('what to do'),
  effort: Effort,
  impact: Impact,
  frameworks: z.array(FrameworkReferenceSchema).min(1),
  // No default, so that published versions parse to what they always did (docs/reports.md).
  prerequisites: z
    .array(Identifier)
    .optional()
    .describe('ids of controls to put in place before this one (the roadmap never schedules it earlier); checked for unknown ids and cycles'),
  // No default: a control split into steps says which step it is (docs/reports.md).
  stage: z
    .enum(['foundational', 'advanced'])
    .optional()
    .describe(
      'a control split into steps: "foundational" is the first thing to do; "advanced" builds on it, lists the foundational control in prerequisites and goes to a later roadmap window',
    ),
});

/** How answers of the previous version carry over to this one. */
export const MigrationSchema = z.strictObject({
  from: SemanticVersion,
  questions: z
    .array(
      z.strictObject({
        from: Identifier,
        to: Identifier,
        options: z.record(Identifier, Identifier).default({}),
      }),
    )
    .default([]),
  removed: z.array(Identifier).default([]),
  added: z.array(Identifier).default([]),
});

export const QuestionnaireStatus = z.enum(['draft', 'published', 'retired']);

export const ScoringMethod = z.union([z.literal(1), z.literal(2)]);
export type ScoringMethod = z.infer<typeof ScoringMethod>;

export const QuestionnaireSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Identifier,
  version: SemanticVersion,
  status: QuestionnaireStatus,
  title: z.string().min(1).max(160),
  description: z.string().min(1).max(2000),
  domains: z.array(DomainSchema).min(1),
  questions: z.array(QuestionSchema).min(1),
  controls: z.array(ControlSchema).default([]),
  migration: MigrationSchema.optional(),
  // No default, so that 1.0.0 and 1.1.0 parse to what they always did (docs/scoring.md).
  scoringMethod: ScoringMethod.optional().describe('how answers become levels (docs/scoring.md); absent means 1'),
});

export type Option = z.infer<typeof OptionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionType = Question['type'];
export type Domain = z.infer<typeof DomainSchema>;
export type Control = z.infer<typeof ControlSchema>;
export type ControlStage = NonNullable<Control['stage']>;
export type FrameworkReference = z.infer<typeof FrameworkReferenceSchema>;
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;
export type QuestionnaireInput = z.input<typeof QuestionnaireSchema>;

/** "NIST SP 800-53 Rev.5 AC-6(9)", "RFC 8693". */
export function frameworkLabel(ref: FrameworkReference): string {
  return [ref.framework, ref.edition, ref.id].filter(Boolean).join(' ');
}

export function hasOptions(q: Question): q is Extract<Question, { options: Option[] }> {
  return 'options' in q;
}
