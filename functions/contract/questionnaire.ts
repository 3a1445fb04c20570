/** Questionnaires as the API serves them: the catalogue, one version, and what changed between two. */
import { z } from 'zod';
import { ControlSchema, DomainSchema, Identifier, MigrationSchema, QuestionnaireStatus, QuestionSchema, SemanticVersion } from '../core/questionnaire/model';
import { AssessmentSchema } from './assessment';

export const QuestionnaireSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    latest: z.string().describe('the newest published version'),
    versions: z.array(z.object({ version: z.string(), status: QuestionnaireStatus })),
  })
  .meta({ id: 'QuestionnaireSummary' });

export const QuestionContract = QuestionSchema.meta({ id: 'Question' });

export const ServedDomainSchema = DomainSchema.extend({ questions: z.array(QuestionContract).describe("the domain's questions, in questionnaire order") }).meta(
  {
    id: 'QuestionnaireDomain',
  },
);

/** One version, its questions grouped under their domains (the file keeps them in one list). */
export const QuestionnaireVersionSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    status: QuestionnaireStatus,
    title: z.string(),
    description: z.string(),
    domains: z.array(ServedDomainSchema),
    controls: z.array(ControlSchema.meta({ id: 'Control' })),
    migration: MigrationSchema.optional().describe('how answers of the previous version carry over to this one'),
  })
  .meta({ id: 'QuestionnaireVersion' });

const FieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), wording: z.boolean() });
const QuestionRefSchema = z.object({ id: z.string(), domain: z.string(), prompt: z.string() });
const ChangedItemSchema = z.object({ id: z.string(), changes: z.array(FieldChangeSchema) });

export const EquivalenceSchema = z
  .object({
    from: z.string().describe('question id in the older version'),
    to: z.string().describe('question id in the newer version'),
    options: z.record(z.string(), z.string()).describe('older option id → equivalent newer option id; options not listed do not carry'),
    declared: z.boolean().describe('declared in a migration, rather than kept by id'),
  })
  .meta({ id: 'Equivalence' });

export const QuestionnaireDiffSchema = z
  .object({
    questionnaireId: z.string(),
    from: z.string(),
    to: z.string(),
    path: z.array(z.string()).describe('the versions the migrations pass through'),
    questions: z.object({
      added: z.array(QuestionRefSchema),
      removed: z.array(QuestionRefSchema),
      changed: z.array(z.object({ from: z.string(), to: z.string(), wordingOnly: z.boolean(), changes: z.array(FieldChangeSchema) })),
      unchanged: z.array(z.string()),
    }),
    equivalences: z.array(EquivalenceSchema),
    domains: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(ChangedItemSchema) }),
    controls: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(ChangedItemSchema) }),
  })
  .meta({ id: 'QuestionnaireDiff' });

export const UpgradeResultSchema = z
  .object({
    assessment: AssessmentSchema,
    upgrade: z.object({
      from: z.string(),
      to: z.string(),
      carried: z.array(z.object({ from: z.string(), to: z.string() })),
      dropped: z.array(z.object({ question: z.string(), to: z.string().optional(), reason: z.string() })),
      needsAnswer: z.array(z.string()).describe('visible required questions of the new version without an answer'),
    }),
  })
  .meta({ id: 'UpgradeResult' });

export type QuestionnaireSummary = z.infer<typeof QuestionnaireSummarySchema>;
export type QuestionnaireVersion = z.infer<typeof QuestionnaireVersionSchema>;
export type ServedDomain = z.infer<typeof ServedDomainSchema>;
export type QuestionnaireDiff = z.infer<typeof QuestionnaireDiffSchema>;
export type UpgradeResult = z.infer<typeof UpgradeResultSchema>;

export const UpgradeAssessmentRequest = z.strictObject({
  version: SemanticVersion.describe('the published version to move the draft to'),
  revision: z.number().int().min(0).optional().describe('the revision you based this on; a newer stored revision answers 409'),
});

export type UpgradeAssessmentRequest = z.infer<typeof UpgradeAssessmentRequest>;

export const DiffQuery = z.strictObject({
  from: SemanticVersion.describe('the older version'),
  to: SemanticVersion.describe('the newer version'),
});

export type DiffQuery = z.infer<typeof DiffQuery>;

export const QuestionnaireIdParam = z.object({ id: Identifier });
