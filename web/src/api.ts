/**
 * The one place the app talks to the AIM API: an openapi-fetch client typed by the types
 * generated from the committed OpenAPI document (functions/contract/openapi-types.ts,
 * written by `npm run openapi`). Same origin, relative URLs, signed in by the session
 * cookie the server sets after OpenID Connect sign-in (the app holds no key and stores
 * no token), every state-changing request carrying the session's anti-forgery token
 * (X-AIM-CSRF), problem+json errors turned into `ApiError`. Every shape below is the
 * document's own: a response or a request that breaks the contract does not compile.
 */
import createClient from 'openapi-fetch';
import {
  type components,
  type operations,
  type paths,
  pathsV1AuditGetParametersQueryActorTypeValues as AUDIT_ACTOR_TYPES,
  pathsV1InvitationsPostRequestBodyContentApplicationJsonRoleValues as INVITABLE_ROLES,
  pathsV1OrganisationsPostRequestBodyContentApplicationJsonIndustryValues as INDUSTRIES,
  pathsV1OrganisationsPostRequestBodyContentApplicationJsonRegionValues as REGIONS,
  pathsV1OrganisationsPostRequestBodyContentApplicationJsonSizeBandValues as SIZE_BANDS,
} from '../../functions/contract/openapi-types';

type Schemas = components['schemas'];
/** The JSON body an operation takes. */
type RequestBody<O extends keyof operations> = NonNullable<operations[O]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** The query parameters an operation takes. */
type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

export type Problem = Schemas['Problem'];
export type FieldProblem = NonNullable<Problem['errors']>[number];
export type Organisation = Schemas['Organisation'];
export type VerificationStatus = Organisation['verification'];
/** One organisation in the admins' verification queue. */
export type VerificationQueueEntry = Schemas['VerificationQueueEntry'];
export type TokenView = Schemas['Token'];
/** A key just minted: its view and, this once, its secret. */
export type IssuedToken = Schemas['MintedToken'];
export type Role = TokenView['role'];
export type ActorType = TokenView['actorType'];
export type Invitation = Schemas['Invitation'];
/** Who is signed in (GET /auth/session): the person, their memberships, the active one and the anti-forgery token. */
export type SignedInSession = Schemas['SignedInSession'];
export type Person = Schemas['Person'];
export type Membership = Schemas['Membership'];
/** A person of the organisation and their role (GET /v1/members). */
export type Member = Schemas['Member'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type MemberRole = Member['role'];
/** An audit event with the names of its actor and target (GET /v1/audit). */
export type AuditEvent = Schemas['AuditTrailEvent'];
export type AuditActorChoice = Schemas['AuditActorChoice'];
export type Assessment = Schemas['Assessment'];
export type StoredAnswer = Schemas['StoredAnswer'];
export type Scores = Schemas['Scores'];
/** Who wrote something: a key's id, label, role and actor type, and the person an agent acted for (`onBehalfOf`). */
export type Actor = Schemas['Actor'];
/** An agent of the organisation (its own key pair; GET /v1/agents). */
export type Agent = Schemas['Agent'];
/** A person's approval for an agent to act for them on one assessment. */
export type Delegation = Schemas['Delegation'];
/** One imported inventory file: facts, identity counts, proposals, and what changed since the last import (issue 20). */
export type EvidenceImport = Schemas['EvidenceImport'];
export type EvidenceFormat = Schemas['EvidenceFormat'];
/** A file's identities as the organisation's rules classify them, before it is imported (nothing stored). */
export type EvidencePreview = Schemas['EvidencePreview'];
export type ClassificationRules = Schemas['ClassificationRules'];
export type SetClassificationRules = RequestBody<'setClassificationRules'>;
/** One answer as a save sends it. */
export type Answer = NonNullable<RequestBody<'saveAnswers'>['answers'][string]>;
export type AnswerValue = NonNullable<Answer['value']>;
export type Taxonomy = Schemas['Taxonomy'];
export type QuestionnaireSummary = Schemas['QuestionnaireSummary'];
export type QuestionnaireVersion = Schemas['QuestionnaireVersion'];
export type Domain = Schemas['QuestionnaireDomain'];
export type Question = Schemas['Question'];
export type Option = Extract<Question, { options: unknown }>['options'][number];
/** The options of a choice question (single, scale, yes/no, multi); none for number and text questions. */
export const optionsOf = (question: Question): Option[] => ('options' in question ? question.options : []);
export type QuestionnaireDiff = Schemas['QuestionnaireDiff'];
export type UpgradeResult = Schemas['UpgradeResult'];
export type ReportModel = Schemas['ReportModel'];
/** The organisation's targets on a questionnaire: one revision (GET /v1/targets/{questionnaireId}). */
export type Targets = Schemas['Targets'];
/** A named part of the organisation assessed on its own (issue 19), and the roll-up of every scope's latest scores. */
export type Scope = Schemas['Scope'];
export type ScopeKind = Scope['kind'];
export type RollUp = Schemas['RollUp'];
export type RollUpRow = Schemas['RollUpRow'];
/** The organisation's improvement plan on a questionnaire, one of its items, and whom an item may be assigned to (issue 19). */
export type Plan = Schemas['Plan'];
export type PlanItem = Schemas['PlanItem'];
export type Assignee = Schemas['Assignee'];
/** Milestones and progress (issue 19): a named submission, two submissions compared, and the organisation's scores and plan over time. */
export type Milestone = Schemas['Milestone'];
/** As the client returns them (their nullable parts, `targets` and `submittedBy`, read as `T | null`). */
export type Comparison = Awaited<ReturnType<typeof api.comparison>>;
export type ChangedAnswer = Schemas['ChangedAnswer'];
export type CompletedPlanItem = Schemas['CompletedPlanItem'];
export type Progress = Awaited<ReturnType<typeof api.progress>>;
export type ProgressPoint = Schemas['ProgressPoint'];
export type BurnDownPoint = Schemas['BurnDownPoint'];
/**
 * Peer-benchmark figures (issue 14): every figure a value with its 90% interval, from a
 * differentially private release (`release`), or exact for synthetic demo data; a
 * cohort that is not published or withheld comes back `suppressed` with its reason.
 * `CohortPosition` is where a submitted assessment stands in a cohort (GET …/benchmark).
 */
export type CohortFigures = Schemas['CohortFigures'];
export type CohortPosition = Schemas['CohortPosition'];
/** The figures of a cohort that is shown (not suppressed). */
export type ShownFigures = Extract<CohortFigures, { suppressed: false }>;
export type Figure = ShownFigures['n'];
export type ReleaseInfo = NonNullable<CohortFigures['release']>;
/** One cohort's last release in each of the recent quarters (GET /v1/benchmarks/trend). */
export type CohortTrend = Schemas['CohortTrend'];

/** A cohort as the API takes it; absent dimensions mean "any". */
type CohortQuery = RequestBody<'compareBenchmarks'>['cohorts'][number];
/**
 * The cohort filters shared by leaders and analysts, as a form holds them (the values a
 * select offers, from GET /v1/taxonomy): the API's dimensions, each checked against the
 * values the document lists before it is sent. Absent means "any".
 */
export type CohortFilter = { [K in 'industry' | 'sizeBand' | 'region' | 'period']?: string };
export type CohortDescription = CohortFilter & Pick<CohortQuery, 'questionnaireId' | 'population' | 'version'>;

/** A 409 problem's extension: the current answer of each question a save conflicts on. */
export interface ConflictDetail {
  question: string;
  current?: StoredAnswer;
}

/**
 * The signed-in session's anti-forgery token, held in memory only: loading the session
 * (session.ts) sets it, signing out clears it.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** No answer at all: offline, DNS, connection refused. */
  get isNetwork() {
    return this.problem.status === 0;
  }
  get conflicts(): ConflictDetail[] {
    const list = this.problem.conflicts;
    return Array.isArray(list) ? list.filter((c): c is ConflictDetail => isRecord(c) && typeof c.question === 'string') : [];
  }
}

/** Works outside secure contexts too, where `crypto.randomUUID` is missing. */
export function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `?a=1&b=2` from the defined values only. */
export function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const client = createClient<paths, `${string}/${string}json`>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json, application/problem+json' },
  querySerializer: (params) => query(params).slice(1),
});
// The session cookie authenticates; a state-changing request also proves it comes from this app.
client.use({
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method.toUpperCase())) request.headers.set('X-AIM-CSRF', csrfToken);
    return request;
  },
});

const OFFLINE: Problem = {
  type: 'about:blank',
  title: 'You appear to be offline',
  status: 0,
  code: 'offline',
  detail: 'The AIM service could not be reached. Check your connection and try again.',
};

/** The problem a failed response describes, or one made from its status line when its body is not a problem. */
function problemOf(body: unknown, res: Response): Problem {
  const fallback: Problem = { type: 'about:blank', title: res.statusText || 'Request failed', status: res.status, code: '', detail: '' };
  if (!isRecord(body)) return fallback;
  return { ...fallback, ...body, title: typeof body.title === 'string' ? body.title : fallback.title, status: res.status };
}

interface Outcome<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Waits for a request; offline and failed responses become an `ApiError`. */
async function outcome<D>(pending: Promise<Outcome<D>>): Promise<Outcome<D>> {
  let result: Outcome<D>;
  try {
    result = await pending;
  } catch (error) {
    // fetch rejects with a TypeError when no answer comes at all; anything else is not "offline".
    if (error instanceof TypeError) throw new ApiError(OFFLINE);
    throw error;
  }
  if (!result.response.ok) throw new ApiError(problemOf(result.error, result.response));
  return result;
}

/** The body of a successful response. */
async function body<D>(pending: Promise<Outcome<D>>): Promise<D> {
  const { data, response } = await outcome(pending);
  if (data === undefined) throw new ApiError(problemOf(undefined, response));
  return data;
}

/** A successful response without a body (204). */
async function done(pending: Promise<Outcome<unknown>>): Promise<void> {
  await outcome(pending);
}

export interface FileDownload {
  blob: Blob;
  filename: string | null;
  /** The response's headers (a report's say as of which benchmark release it is). */
  headers: Headers;
}

/** As of which benchmark release a downloaded report's cohort figures are (the AIM-Report-* headers). */
export interface ReportRelease {
  /** The release its figures are as of: a day (yyyy-mm-dd), or the quarter chosen. */
  asOf: string;
  /** The release a report made now would use. */
  currentRelease: string;
  /** False when a newer release came out since it was made: a refresh makes a fresh one. */
  current: boolean;
}

/** A report's release from its headers; null when the server sent none (or CORS hid them). */
export function reportReleaseOf(headers: Headers): ReportRelease | null {
  const asOf = headers.get('aim-report-as-of');
  const currentRelease = headers.get('aim-report-current-release');
  const current = headers.get('aim-report-current');
  if (!asOf || !currentRelease || (current !== 'true' && current !== 'false')) return null;
  return { asOf, currentRelease, current: current === 'true' };
}

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/** A file response (a PDF, a CSV), with the name the server suggests. */
async function file(pending: Promise<Outcome<Blob>>): Promise<FileDownload> {
  const { data, response } = await outcome(pending);
  const disposition = response.headers.get('content-disposition') ?? '';
  // RFC 6266: the UTF-8 `filename*` when given, else the ASCII `filename`.
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  const filename = (extended ? decoded(extended) : undefined) ?? /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { blob: data ?? (await response.blob()), filename, headers: response.headers };
}

const accepting = (type: string) => ({ Accept: `${type}, application/problem+json` });

/** A report PDF's request, downloaded or refreshed alike: the cohort as its query, the PDF (or a problem) accepted. */
const pdfRequest = (id: string, cohort: CohortFilter) => ({
  params: { ...byId(id), query: cohortQuery(cohort, '/query') },
  parseAs: 'blob' as const,
  headers: accepting('application/pdf'),
});
const idempotent = () => ({ 'idempotency-key': randomId() });

/** A problem the API would answer (400, validation_failed) for a value it does not take, found before sending it. */
function invalid(pointer: string, values: readonly string[]): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'validation_failed',
    detail: 'the request has 1 problem(s)',
    errors: [{ pointer, message: `expected one of ${values.map((v) => `"${v}"`).join('|')}` }],
  });
}

/** `value` as one of the values the document lists for it; an `ApiError` (400) naming `pointer` otherwise. */
function oneOf<T extends string>(values: readonly T[], value: string, pointer: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw invalid(pointer, values);
  return found;
}

/** A form's cohort as the API takes it: each dimension set is one the document lists. */
function cohortQuery(cohort: CohortFilter, where: string) {
  const { industry, sizeBand, region, period } = cohort;
  return {
    industry: industry ? oneOf(INDUSTRIES, industry, `${where}/industry`) : undefined,
    sizeBand: sizeBand ? oneOf(SIZE_BANDS, sizeBand, `${where}/sizeBand`) : undefined,
    region: region ? oneOf(REGIONS, region, `${where}/region`) : undefined,
    period: period || undefined,
  };
}

const asked = (cohorts: CohortDescription[]): CohortQuery[] =>
  cohorts.map((c, i) => ({ ...cohortQuery(c, `/body/cohorts/${i}`), questionnaireId: c.questionnaireId, population: c.population, version: c.version }));

const byId = (id: string) => ({ path: { id } });

/** An inventory file sent as the body, as it is (openapi-fetch would otherwise JSON-encode it), with its format's content type. */
const fileBody = (format: EvidenceFormat, file: File) => ({
  body: file as unknown as string,
  bodySerializer: (b: unknown) => b as BodyInit,
  headers: { 'content-type': format === 'aws-credential-report' || format === 'aim-template' ? 'text/csv' : 'application/json' },
});

export const api = {
  // the signed-in session (the server's backend-for-frontend)
  /** Who is signed in; a 401 (`session_expired`) when no one is. */
  signedInSession: () => body(client.GET('/auth/session')),
  /** Act for another organisation (or the platform role, `null`) from now on. */
  selectMembership: (organisationId: string | null) => body(client.POST('/auth/active', { body: { organisationId } })),
  /** Ends the session; `endSessionUrl` ends the sign-in at the identity provider too. */
  signOut: () => body(client.POST('/auth/logout')),

  taxonomy: () => body(client.GET('/v1/taxonomy')),
  register: (input: { name: string; industry: string; sizeBand: string; region: string }) =>
    body(
      client.POST('/v1/organisations', {
        body: {
          name: input.name,
          industry: oneOf(INDUSTRIES, input.industry, '/body/industry'),
          sizeBand: oneOf(SIZE_BANDS, input.sizeBand, '/body/sizeBand'),
          region: oneOf(REGIONS, input.region, '/body/region'),
        },
      }),
    ),
  /** The caller's organisation profile (and verification state). */
  currentSession: () => body(client.GET('/v1/session')),

  // verification of organisations (admins)
  verificationQueue: (status: VerificationStatus, cursor?: string) =>
    body(client.GET('/v1/admin/organisations', { params: { query: { status, limit: 50, cursor } } })),
  decideVerification: (id: string, decision: VerificationStatus) =>
    body(client.POST('/v1/admin/organisations/{id}/verification', { params: byId(id), body: { decision } })),

  // assessments
  assessments: () => body(client.GET('/v1/assessments')),
  assessment: (id: string) => body(client.GET('/v1/assessments/{id}', { params: byId(id) })),
  questionnaires: () => body(client.GET('/v1/questionnaires')),
  questionnaire: (id: string, version: string) => body(client.GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id, version } } })),
  diff: (questionnaireId: string, from: string, to: string) =>
    body(client.GET('/v1/questionnaires/{id}/diff', { params: { path: { id: questionnaireId }, query: { from, to } } })),
  /** Moves a draft to a newer version; `revision` guards against changes made meanwhile. */
  upgrade: (id: string, version: string, revision: number) =>
    body(client.POST('/v1/assessments/{id}/upgrade', { params: byId(id), body: { version, revision } })),
  /** `scopeId`: the scope it assesses (issue 19); absent for the whole organisation. */
  start: (questionnaireId: string, version: string, scopeId?: string) =>
    body(client.POST('/v1/assessments', { params: { header: idempotent() }, body: { questionnaireId, version, ...(scopeId ? { scopeId } : {}) } })),
  saveAnswers: (id: string, revision: number, answers: Record<string, Answer | null>) =>
    body(client.PATCH('/v1/assessments/{id}/answers', { params: byId(id), body: { revision, answers } })),
  submit: (id: string) => body(client.POST('/v1/assessments/{id}/submit', { params: { ...byId(id), header: idempotent() } })),
  reopen: (id: string) => body(client.POST('/v1/assessments/{id}/reopen', { params: { ...byId(id), header: idempotent() } })),

  // evidence imports (issue 20, docs/evidence.md): the file itself is the body, never wrapped
  evidenceImports: (id: string) => body(client.GET('/v1/assessments/{id}/evidence', { params: byId(id) })),
  importEvidence: (id: string, format: EvidenceFormat, file: File) =>
    body(client.POST('/v1/assessments/{id}/evidence', { params: { ...byId(id), query: { format, fileName: file.name } }, ...fileBody(format, file) })),
  /**
   * A file over the request body limit (docs/evidence.md, "Large files"): prepared, PUT to the
   * URL answered (S3 in AWS) with its headers and no AIM credentials, then imported.
   */
  importLargeEvidence: async (id: string, format: EvidenceFormat, file: File) => {
    const upload = await body(
      client.POST('/v1/assessments/{id}/evidence/uploads', { params: byId(id), body: { format, fileName: file.name, bytes: file.size } }),
    );
    let stored: Response;
    try {
      stored = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file, credentials: 'omit' });
    } catch {
      throw new ApiError({
        type: 'about:blank',
        title: 'The upload failed',
        status: 0,
        code: 'upload_failed',
        detail: 'the file could not be uploaded; try again',
      });
    }
    if (!stored.ok) {
      const detail = (stored.headers.get('content-type') ?? '').includes('json') ? await stored.json().catch(() => undefined) : undefined;
      throw new ApiError(problemOf(detail, stored));
    }
    return body(client.POST('/v1/assessments/{id}/evidence/uploads/{uploadId}/import', { params: { path: { id, uploadId: upload.uploadId } } }));
  },
  previewEvidence: (id: string, format: EvidenceFormat, file: File) =>
    body(client.POST('/v1/assessments/{id}/evidence/preview', { params: { ...byId(id), query: { format, fileName: file.name } }, ...fileBody(format, file) })),
  classificationRules: () => body(client.GET('/v1/evidence/classification-rules')),
  setClassificationRules: (rules: SetClassificationRules) => body(client.PUT('/v1/evidence/classification-rules', { body: rules })),
  evidenceTemplate: () => file(client.GET('/v1/evidence/template.csv', { parseAs: 'blob', headers: accepting('text/csv') })),

  // results (leaders, owners)
  benchmark: (id: string, cohort: CohortFilter) =>
    body(client.GET('/v1/assessments/{id}/benchmark', { params: { ...byId(id), query: cohortQuery(cohort, '/query') } })),
  report: (id: string) => body(client.GET('/v1/assessments/{id}/report.json', { params: byId(id) })),
  /** The PDF report comparing with `cohort` (the one on screen; none: every organisation). */
  reportPdf: (id: string, cohort: CohortFilter = {}) => file(client.GET('/v1/assessments/{id}/report.pdf', pdfRequest(id, cohort))),
  /** The report made again with the current benchmark release (the stored one when it is already of it). */
  refreshReportPdf: (id: string, cohort: CohortFilter = {}) => file(client.POST('/v1/assessments/{id}/report/refresh', pdfRequest(id, cohort))),

  // targets (issue 19): everyone reads them, owners and leaders set them; `revision` guards against a colleague's change meanwhile
  /** The current targets; a 404 (`targets_not_set`) when none are set. */
  targets: (questionnaireId: string) => body(client.GET('/v1/targets/{questionnaireId}', { params: { path: { questionnaireId } } })),
  setTargets: (questionnaireId: string, input: RequestBody<'setTargets'>) =>
    body(client.PUT('/v1/targets/{questionnaireId}', { params: { path: { questionnaireId } }, body: input })),
  /** Every revision, newest first. */
  targetsHistory: (questionnaireId: string) => body(client.GET('/v1/targets/{questionnaireId}/history', { params: { path: { questionnaireId } } })),

  // the improvement plan (issue 19): every member reads it, owners and leaders make and assign it, an item's owner updates its status and notes
  /** The plan; a 404 (`plan_not_found`) when none is made yet. */
  plan: (questionnaireId: string, scopeId?: string) =>
    body(client.GET('/v1/plans/{questionnaireId}', { params: { path: { questionnaireId }, query: { scopeId: scopeId || undefined } } })),
  planCsv: (questionnaireId: string, scopeId?: string) =>
    file(
      client.GET('/v1/plans/{questionnaireId}', {
        params: { path: { questionnaireId }, query: { format: 'csv', scopeId: scopeId || undefined } },
        parseAs: 'blob',
        headers: accepting('text/csv'),
      }),
    ),
  /** Makes the plan from a submitted assessment, or carries it forward to a later one. */
  carryPlanForward: (questionnaireId: string, assessmentId: string, scopeId?: string) =>
    body(
      client.POST('/v1/plans/{questionnaireId}/carry-forward', {
        params: { path: { questionnaireId }, query: { scopeId: scopeId || undefined } },
        body: { assessmentId },
      }),
    ),
  /** `input.revision` is the item's revision last seen: a change since answers 409 `revision_conflict` with the current item. */
  updatePlanItem: (questionnaireId: string, controlId: string, input: RequestBody<'updatePlanItem'>, scopeId?: string) =>
    body(
      client.PATCH('/v1/plans/{questionnaireId}/items/{controlId}', {
        params: { path: { questionnaireId, controlId }, query: { scopeId: scopeId || undefined } },
        body: input,
      }),
    ),
  planAssignees: (questionnaireId: string) => body(client.GET('/v1/plans/{questionnaireId}/assignees', { params: { path: { questionnaireId } } })),

  // milestones and progress (issue 19): everyone reads them, owners and leaders save and delete milestones
  /** The milestones, newest submission first; of one questionnaire when given. */
  milestones: (questionnaireId?: string, scopeId?: string) =>
    body(client.GET('/v1/milestones', { params: { query: { questionnaireId, scopeId: scopeId || undefined } } })),
  /** A 409 (`milestone_name_taken`) when the organisation already has a milestone of that name, in any case. */
  createMilestone: (assessmentId: string, name: string) => body(client.POST('/v1/milestones', { body: { assessmentId, name } })),
  deleteMilestone: (id: string) => done(client.DELETE('/v1/milestones/{id}', { params: byId(id) })),
  /** Two submissions of one questionnaire side by side, the earlier as `from` whatever the order given. */
  comparison: (from: string, to: string) => body(client.GET('/v1/comparisons', { params: { query: { from, to } } })),
  /** The whole organisation's progress, or one scope's (`scopeId`). */
  progress: (questionnaireId: string, scopeId?: string) =>
    body(client.GET('/v1/progress/{questionnaireId}', { params: { path: { questionnaireId }, query: { scopeId: scopeId || undefined } } })),

  // scopes (issue 19): every member reads them (a restricted respondent only theirs), owners create them and restrict respondents
  scopes: () => body(client.GET('/v1/scopes')),
  /** A 409 (`scope_name_taken`, pointer `/body/name`) when another scope has the name, in any case. */
  createScope: (input: RequestBody<'createScope'>) => body(client.POST('/v1/scopes', { body: input })),
  rollUp: (questionnaireId: string) => body(client.GET('/v1/scopes/roll-up', { params: { query: { questionnaireId } } })),
  /** Restricts a respondent to a scope; `null` lifts the restriction. */
  setMemberScope: (personId: string, scopeId: string | null) =>
    done(client.PUT('/v1/members/{personId}/scope', { params: { path: { personId } }, body: { scopeId } })),

  // people of the organisation (owners)
  members: () => body(client.GET('/v1/members')),
  changeMemberRole: (personId: string, role: MemberRole) => done(client.PATCH('/v1/members/{personId}', { params: { path: { personId } }, body: { role } })),
  removeMember: (personId: string) => done(client.DELETE('/v1/members/{personId}', { params: { path: { personId } } })),

  // keys (scripts and integrations) and invitations
  tokens: () => body(client.GET('/v1/tokens')),
  mintToken: (input: { role: Role; actorType?: 'agent'; label: string; expiresInDays?: number; exception?: string }) =>
    body(client.POST('/v1/tokens', { body: input })),
  revokeToken: (id: string) => done(client.DELETE('/v1/tokens/{id}', { params: byId(id) })),
  invitations: () => body(client.GET('/v1/invitations')),
  invite: (input: { role: Role; actorType?: ActorType; label: string; expiresInDays?: number; tokenExpiresInDays?: number }) =>
    body(client.POST('/v1/invitations', { body: { ...input, role: oneOf(INVITABLE_ROLES, input.role, '/body/role') } })),
  revokeInvitation: (id: string) => done(client.DELETE('/v1/invitations/{id}', { params: byId(id) })),
  acceptInvitation: (code: string) => body(client.POST('/v1/invitations/accept', { body: { code } })),
  /** Who invited, to which organisation, as what role, until when: before accepting (a signed-in person). */
  previewInvitation: (code: string) => body(client.POST('/v1/invitations/preview', { body: { code } })),

  // agents, and letting one act for the signed-in person on one assessment
  agents: () => body(client.GET('/v1/agents')),
  registerAgent: (input: RequestBody<'registerAgent'>) => body(client.POST('/v1/agents', { body: input })),
  revokeAgent: (id: string) => done(client.DELETE('/v1/agents/{id}', { params: byId(id) })),
  delegations: (agentId: string) => body(client.GET('/v1/agents/{id}/delegations', { params: byId(agentId) })),
  delegate: (agentId: string, assessmentId: string, expiresInMinutes: number) =>
    body(client.POST('/v1/agents/{id}/delegations', { params: byId(agentId), body: { assessmentId, expiresInMinutes } })),
  withdrawDelegation: (agentId: string, delegationId: string) =>
    done(client.DELETE('/v1/agents/{id}/delegations/{delegationId}', { params: { path: { id: agentId, delegationId } } })),
  audit: ({ actorType, ...filter }: Omit<QueryOf<'listAuditEvents'>, 'actorType'> & { actorType?: string }) =>
    body(
      client.GET('/v1/audit', { params: { query: { ...filter, actorType: actorType ? oneOf(AUDIT_ACTOR_TYPES, actorType, '/query/actorType') : undefined } } }),
    ),
  auditActors: () => body(client.GET('/v1/audit/actors')),

  // analysts
  compare: (cohorts: CohortDescription[]) => body(client.POST('/v1/benchmarks/compare', { body: { cohorts: asked(cohorts) } })),
  compareCsv: (cohorts: CohortDescription[]) =>
    file(
      client.POST('/v1/benchmarks/compare', {
        params: { query: { format: 'csv' } },
        body: { cohorts: asked(cohorts) },
        parseAs: 'blob',
        headers: accepting('text/csv'),
      }),
    ),
  trend: (cohort: CohortDescription, periods: number) => body(client.GET('/v1/benchmarks/trend', { params: { query: { ...asked([cohort])[0]!, periods } } })),
  trendCsv: (cohort: CohortDescription, periods: number) =>
    file(
      client.GET('/v1/benchmarks/trend', {
        params: { query: { ...asked([cohort])[0]!, periods, format: 'csv' } },
        parseAs: 'blob',
        headers: accepting('text/csv'),
      }),
    ),
};

/** Field errors whose pointer is `/body/<field>`, keyed by field. */
export function bodyFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const e of error.problem.errors ?? []) {
      const m = /^\/body\/([^/]+)/.exec(e.pointer);
      if (m?.[1] && !out[m[1]]) out[m[1]] = e.message;
    }
  }
  return out;
}

/** The rules the server applies too (functions/contract/rules.ts): level names, the limits of one answer and of a key's lifetime. */
export { ANSWER_LIMITS, KEY_LIFETIME_DAYS, levelName } from '../../functions/contract/rules';
