/**
 * The one place the app talks to the AIM API. Same origin, relative URLs, bearer
 * token from localStorage, problem+json errors turned into `ApiError`. Shapes the
 * server has as types are imported from it; the rest mirror functions/http/schemas.ts.
 */

// Response shapes come from the server's own types (type-only imports: nothing of the
// server is bundled), so the app cannot drift from what the API sends.
import type { CohortFigures, CohortPosition, Figure, ReleaseInfo } from '../../functions/core/release/figures';
import type { QuestionnaireDiff } from '../../functions/core/questionnaire/version-diff';
import type { ReportModel } from '../../functions/core/report-model/types';
import type { UpgradeResult } from '../../functions/services/assessment-upgrade';
import type { Answer } from '../../functions/core/questionnaire/answers';
import type { Scores } from '../../functions/core/scoring/score';
import type { Actor, Assessment, AuditEvent, Organisation, StoredAnswer } from '../../functions/services/entities';
import type { VerificationQueueEntry as VerificationQueueRecord } from '../../functions/services/ports';
import type { TokenView } from '../../functions/services/tokens';

export type VerificationStatus = Organisation['verification'];
/** One organisation in the admins' verification queue. */
export type VerificationQueueEntry = VerificationQueueRecord & { submissions: number };
export type { Actor, Answer, Assessment, AuditEvent, Organisation, QuestionnaireDiff, ReportModel, Scores, StoredAnswer, TokenView, UpgradeResult };
/**
 * Peer-benchmark figures (issue 14): every figure a value with its 90% interval, from a
 * differentially private release (`release`), or exact for synthetic demo data; a
 * cohort that is not published or withheld comes back `suppressed` with its reason.
 * `CohortPosition` is where a submitted assessment stands in a cohort (GET …/benchmark).
 */
export type { CohortFigures, CohortPosition, Figure, ReleaseInfo };
/** The figures of a cohort that is shown (not suppressed). */
export type ShownFigures = Extract<CohortFigures, { suppressed: false }>;

export interface FieldProblem {
  pointer: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export interface Taxonomy {
  industry: string[];
  sizeBand: string[];
  region: string[];
}

export type Role = 'owner' | 'leader' | 'respondent' | 'analyst' | 'admin';
export type ActorType = 'human' | 'agent';

export interface IssuedToken extends Partial<TokenView> {
  id: string;
  secret: string;
  role: Role;
  actorType: ActorType;
  label: string;
  expiresAt: string | null;
}

export interface Invitation {
  id: string;
  role: Role;
  actorType: ActorType;
  label: string;
  tokenExpiresInDays: number | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
}

export type AnswerValue = NonNullable<Answer['value']>;

export interface QuestionnaireSummary {
  id: string;
  title: string;
  description: string;
  latest: string;
  versions: { version: string; status: string }[];
}

export interface Option {
  id: string;
  label: string;
  level: number;
}

export interface Question {
  id: string;
  type: 'single' | 'scale' | 'yesno' | 'multi' | 'number' | 'text';
  prompt: string;
  help?: string;
  required?: boolean;
  allowNotApplicable?: boolean;
  showIf?: { question: string; anyOf: string[] };
  options?: Option[];
  unit?: string;
  min?: number;
  max?: number;
  maxLength?: number;
}

export interface Domain {
  id: string;
  title: string;
  description: string;
  levelDescriptions: string[];
  questions: Question[];
}

export interface QuestionnaireVersion {
  id: string;
  version: string;
  title: string;
  description: string;
  domains: Domain[];
}

/** The cohort filters shared by leaders and analysts; absent means "any". */
export interface CohortFilter {
  industry?: string;
  sizeBand?: string;
  region?: string;
  period?: string;
}

export interface CohortDescription extends CohortFilter {
  questionnaireId: string;
  /** Verified organisations (`real`, the default) or synthetic demonstration data. */
  population?: 'real' | 'synthetic';
}

/** One cohort's last release in each of the recent quarters (GET /v1/benchmarks/trend). */
export interface CohortTrend {
  cohort: CohortDescription;
  synthetic: boolean;
  periods: CohortFigures[];
}

export interface ConflictDetail {
  question: string;
  current?: StoredAnswer;
}

const TOKEN_KEY = 'aim.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (secret: string) => localStorage.setItem(TOKEN_KEY, secret),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
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
    return Array.isArray(this.problem.conflicts) ? (this.problem.conflicts as ConflictDetail[]) : [];
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

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<Problem> = {};
  try {
    body = (await res.json()) as Partial<Problem>;
  } catch {
    // not JSON: fall back to the status line
  }
  return new ApiError({ ...body, title: body.title ?? (res.statusText || 'Request failed'), status: res.status });
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = tokenStore.get()): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ title: 'You appear to be offline', status: 0, detail: 'The AIM service could not be reached. Check your connection and try again.' });
  }
  if (!res.ok) throw await toError(res);
  return res;
}

async function json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return (await (await send(method, path, body, headers)).json()) as T;
}

const enc = encodeURIComponent;

/** `?a=1&b=2` from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface FileDownload {
  blob: Blob;
  filename: string | null;
}

async function file(method: string, path: string, accept: string, body?: unknown): Promise<FileDownload> {
  const res = await send(method, path, body, { Accept: `${accept}, application/problem+json` });
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { blob: await res.blob(), filename };
}

export const api = {
  taxonomy: () => json<Taxonomy>('GET', '/v1/taxonomy'),
  register: (input: { name: string; industry: string; sizeBand: string; region: string }) =>
    json<{ organisation: Organisation; token: IssuedToken }>('POST', '/v1/organisations', input),
  /** Who a key belongs to (its role, actor type, label and organisation). */
  session: async (token: string): Promise<{ role: Role; actorType: ActorType; label: string; organisationId: string | null }> =>
    (await send('GET', '/v1/session', undefined, {}, token)).json(),
  /** The signed-in key's session, with its organisation's profile (and verification state). */
  currentSession: () => json<{ role: Role; organisationId: string | null; organisation: Organisation | null }>('GET', '/v1/session'),

  // verification of organisations (admins)
  verificationQueue: (status: VerificationStatus, cursor?: string) =>
    json<{ organisations: VerificationQueueEntry[]; next?: string }>('GET', `/v1/admin/organisations${query({ status, limit: 50, cursor })}`),
  decideVerification: (id: string, decision: VerificationStatus) =>
    json<{ organisation: Organisation }>('POST', `/v1/admin/organisations/${enc(id)}/verification`, { decision }),

  // assessments
  assessments: () => json<{ assessments: Assessment[] }>('GET', '/v1/assessments'),
  assessment: (id: string) => json<Assessment>('GET', `/v1/assessments/${enc(id)}`),
  questionnaires: () => json<{ questionnaires: QuestionnaireSummary[] }>('GET', '/v1/questionnaires'),
  questionnaire: (id: string, version: string) => json<QuestionnaireVersion>('GET', `/v1/questionnaires/${enc(id)}/versions/${enc(version)}`),
  diff: (questionnaireId: string, from: string, to: string) =>
    json<QuestionnaireDiff>('GET', `/v1/questionnaires/${enc(questionnaireId)}/diff${query({ from, to })}`),
  /** Moves a draft to a newer version; `revision` guards against changes made meanwhile. */
  upgrade: (id: string, version: string, revision: number) => json<UpgradeResult>('POST', `/v1/assessments/${enc(id)}/upgrade`, { version, revision }),
  start: (questionnaireId: string, version: string) =>
    json<Assessment>('POST', '/v1/assessments', { questionnaireId, version }, { 'Idempotency-Key': randomId() }),
  saveAnswers: (id: string, revision: number, answers: Record<string, Answer | null>) =>
    json<Assessment>('PATCH', `/v1/assessments/${enc(id)}/answers`, { revision, answers }),
  submit: (id: string) => json<Assessment>('POST', `/v1/assessments/${enc(id)}/submit`, undefined, { 'Idempotency-Key': randomId() }),
  reopen: (id: string) => json<Assessment>('POST', `/v1/assessments/${enc(id)}/reopen`, undefined, { 'Idempotency-Key': randomId() }),

  // results (leaders, owners)
  benchmark: (id: string, cohort: CohortFilter) => json<CohortPosition>('GET', `/v1/assessments/${enc(id)}/benchmark${query({ ...cohort })}`),
  report: (id: string) => json<ReportModel>('GET', `/v1/assessments/${enc(id)}/report.json`),
  reportPdf: (id: string) => file('GET', `/v1/assessments/${enc(id)}/report.pdf`, 'application/pdf'),

  // identities
  tokens: () => json<{ tokens: TokenView[] }>('GET', '/v1/tokens'),
  mintToken: (input: { role: Role; actorType: ActorType; label: string; expiresInDays?: number }) => json<{ token: IssuedToken }>('POST', '/v1/tokens', input),
  revokeToken: (id: string) => send('DELETE', `/v1/tokens/${enc(id)}`).then(() => undefined),
  invitations: () => json<{ invitations: Invitation[] }>('GET', '/v1/invitations'),
  invite: (input: { role: Role; actorType: ActorType; label: string; expiresInDays?: number; tokenExpiresInDays?: number }) =>
    json<{ invitation: Invitation; code: string; path: string }>('POST', '/v1/invitations', input),
  revokeInvitation: (id: string) => send('DELETE', `/v1/invitations/${enc(id)}`).then(() => undefined),
  acceptInvitation: (code: string) => json<{ token: IssuedToken }>('POST', '/v1/invitations/accept', { code }),
  audit: (filter: { actor?: string; actorType?: string; from?: string; to?: string; limit?: number; cursor?: string }) =>
    json<{ events: AuditEvent[]; next?: string }>('GET', `/v1/audit${query(filter)}`),

  // analysts
  compare: (cohorts: CohortDescription[]) => json<{ cohorts: CohortFigures[] }>('POST', '/v1/benchmarks/compare', { cohorts }),
  compareCsv: (cohorts: CohortDescription[]) => file('POST', '/v1/benchmarks/compare?format=csv', 'text/csv', { cohorts }),
  trend: (cohort: CohortDescription, periods: number) => json<CohortTrend>('GET', `/v1/benchmarks/trend${query({ ...cohort, periods })}`),
  trendCsv: (cohort: CohortDescription, periods: number) => file('GET', `/v1/benchmarks/trend${query({ ...cohort, periods, format: 'csv' })}`, 'text/csv'),
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

/** Level names as the reports print them (one list, in the pure core). */
export { levelName } from '../../functions/core/report-model/levels';

/** The limits of one answer, the numbers the API's schema states (a module without imports). */
export { ANSWER_LIMITS } from '../../functions/core/questionnaire/answer-limits';
