/**
 * The evidence routes' definitions (issue 20, docs/evidence.md). They are served by their own
 * Lambda (the import's readers stay out of the API bundle): the API app only documents them,
 * the evidence app (routes/evidence.ts) handles them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { TEMPLATE_COLUMNS } from '../../core/evidence/aim-template';
import {
  ClassificationRulesSchema,
  EvidenceFormat,
  EvidenceImportListSchema,
  EvidenceImportSchema,
  EvidencePreviewSchema,
  SetClassificationRulesRequest,
} from '../../contract';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const tags = ['evidence'];
const security = signedIn;
const IdParam = z.object({ id: z.string().min(1).max(80).openapi({ description: "the assessment's id" }) });

/** A file's name as the uploader's system gave it: no path, no control characters. */
const FileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), {
    message: 'a file name without a path or control characters',
  })
  .openapi({ description: 'the name of the file as uploaded (stored, and named in the evidence sentences), e.g. credential-report.csv' });

export const FILE_TYPES: Record<string, 'text/csv' | 'application/json'> = {
  'aws-credential-report': 'text/csv',
  'aim-template': 'text/csv',
  'aws-authorization-details': 'application/json',
  entra: 'application/json',
};

const fileBody = { type: 'string' as const, description: 'the file itself, as exported (not wrapped in JSON, not multipart)' };

/** What the import and its preview both take: the file as the body, its format and name in the query. */
const fileRequest = {
  params: IdParam,
  query: z.object({
    format: EvidenceFormat.describe('what the file is (decides its reader and the content type expected)'),
    fileName: FileName,
  }),
  body: { required: true, content: { 'text/csv': { schema: fileBody }, 'application/json': { schema: fileBody } } },
};

/** The problems the import and its preview share before the file is read. */
const fileProblems = {
  400: problemContent('invalid query (`validation_failed`)'),
  404: problemContent("no such assessment in the organisation, or one outside the caller's scope"),
  409: problemContent('`assessment_not_draft`: the assessment is submitted (reopen it to start a draft)'),
  413: bodyProblems[413],
  415: problemContent('the content type does not match the format (text/csv for the CSV formats, application/json for the JSON ones)'),
};

export const importEvidenceRoute = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/evidence',
  operationId: 'importEvidence',
  tags,
  summary: 'Import an inventory file into a draft: facts and proposed answers',
  description:
    "The body is the file itself: an AWS IAM credential report or the AIM agent inventory template as `text/csv`, AWS account authorization details or a Microsoft Entra (Graph) export as `application/json`. The file is read as it arrives and never stored: AIM keeps only the import record (its facts over the agent identities, the identity counts by kind, the proposed answers and the SHA-256 of the bytes received), audited as `evidence.import`. A file with any problem, a cell holding a secret among them, stores nothing and answers 422 `evidence_unreadable` with each problem as a field error: `/body/row/<row>/<column>` for CSV (the header is row 1), `/body/<JSON pointer>` for JSON; a secret is named by its kind, never its value. Owners and respondents import into a draft they reach (a respondent restricted to a scope, only that scope's). The body limit applies (AIM_MAX_BODY_BYTES); docs/evidence.md describes the formats, facts and proposals.",
  security,
  request: fileRequest,
  responses: {
    201: createdContent(EvidenceImportSchema, 'the import record', '/v1/assessments/{id}/evidence, where the import is listed'),
    ...fileProblems,
    422: problemContent('`evidence_unreadable`: the file cannot be imported; `errors` names every problem (at most 100) by row and column or JSON pointer'),
    ...authProblems,
  },
});

export const previewEvidenceRoute = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/evidence/preview',
  operationId: 'previewEvidence',
  tags,
  summary: "Review a file's classification before importing it: its identities and their kinds, nothing stored",
  description:
    "The import's body, content types, checks and problems (a secret in a cell among them: 422 `evidence_unreadable`), but nothing is stored and no event is written. Answers the file's identities as the organisation's current rules classify them, each once with its key (what a correction names), name, a short detail, kind and reason: at most 2,000, agents and unclassified first; `truncated` says when there are more, `counts` and `total` cover the whole file. Owners and respondents, on a draft they reach; docs/evidence.md, \"Reviewing the classification\".",
  security,
  request: fileRequest,
  responses: {
    200: jsonContent(EvidencePreviewSchema, "the file's identities as currently classified, with the counts by kind, the rules revision and the SHA-256"),
    ...fileProblems,
    422: problemContent('`evidence_unreadable`: the file cannot be read; `errors` names every problem (at most 100) by row and column or JSON pointer'),
    ...authProblems,
  },
});

export const listEvidenceRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/evidence',
  operationId: 'listEvidenceImports',
  tags,
  summary: "An assessment's evidence imports, newest first",
  description:
    "Every import into the assessment with its facts, identity counts and proposed answers. Owners, leaders and respondents read them (a respondent restricted to a scope, only that scope's assessments).",
  security,
  request: { params: IdParam },
  responses: {
    200: jsonContent(EvidenceImportListSchema, 'the imports, newest first'),
    404: problemContent("no such assessment in the organisation, or one outside the caller's scope"),
    ...authProblems,
  },
});

export const evidenceTemplateRoute = createRoute({
  method: 'get',
  path: '/v1/evidence/template.csv',
  operationId: 'downloadEvidenceTemplate',
  tags,
  summary: 'The blank AIM agent inventory template',
  description: `The template's header (${TEMPLATE_COLUMNS.join(', ')}) and one example row, as CSV; docs/evidence.md describes each column. Any member of an organisation downloads it.`,
  security,
  responses: {
    200: {
      content: { 'text/csv': { schema: z.string().openapi({ description: 'the header and one example row, CRLF line ends' }) } },
      description: 'the template, as a download named aim-agent-inventory-template.csv',
    },
    ...authProblems,
  },
});

export const getClassificationRulesRoute = createRoute({
  method: 'get',
  path: '/v1/evidence/classification-rules',
  operationId: 'getClassificationRules',
  tags,
  summary: "The organisation's classification rules for evidence imports",
  description:
    'The rules every import classifies identities with (docs/evidence.md, "Classification"): the tag whose value declares a kind (`aim:kind` unless changed), the naming rules in the order they are tried, and the corrections from the organisation\'s review, which override everything else. An organisation that never set any has revision 0, the default tag and empty lists (and no `updatedAt` or `updatedBy`). Owners, leaders and respondents read them.',
  security,
  responses: {
    200: jsonContent(ClassificationRulesSchema, 'the current rules, with their revision'),
    ...authProblems,
  },
});

export const setClassificationRulesRoute = createRoute({
  method: 'put',
  path: '/v1/evidence/classification-rules',
  operationId: 'setClassificationRules',
  tags,
  summary: 'Set the classification rules every later import uses, based on the revision last seen',
  description:
    "Replaces the tag key, naming rules and corrections as a whole; imports made from then on classify with them and record their revision as `rulesRevision` (imports made before are not recomputed). `revision` is the revision the caller last saw (0 when none is set): when the rules changed since, nothing is written and the 409 `revision_conflict` problem carries `currentRevision` and the current rules as `current`. At most 100 naming rules, each pattern not empty and at most 200 characters (`/body/namingRules/<i>/pattern`); at most 1,000 corrections, each identity 1 to 512 characters and named once (`/body/corrections/<i>/identity`). The change is audited as `evidence.classification-rules.update`. Owners and respondents set them (those who may import), except a member restricted to one scope and a token bound to one assessment: the rules are the whole organisation's.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: SetClassificationRulesRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(ClassificationRulesSchema, 'the new rules, at their new revision'),
    400: problemContent(
      '`validation_failed`: an invalid body, a naming rule over the limits (pointer `/body/namingRules/<i>/pattern`, or `/body/namingRules` for too many), too many corrections or one identity corrected twice (`/body/corrections/<i>/identity`), or rules too large to store (`/body/corrections`)',
    ),
    409: problemContent(
      '`revision_conflict`: the rules changed since `revision`; the problem holds `currentRevision` and `current` (the current rules, null when none is set)',
    ),
    ...authProblems,
  },
});

/** Every evidence route, for the API app's OpenAPI document. */
export const evidenceRoutes = [
  importEvidenceRoute,
  previewEvidenceRoute,
  listEvidenceRoute,
  evidenceTemplateRoute,
  getClassificationRulesRoute,
  setClassificationRulesRoute,
];
