/**
 * The one place the app talks to the AIM API. Same origin, relative URLs, bearer
 * token from localStorage, problem+json errors turned into `ApiError`.
 */

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
}

export interface Taxonomy {
  industry: string[];
  sizeBand: string[];
  region: string[];
}

export interface Organisation {
  id: string;
  name: string;
  industry: string;
  sizeBand: string;
  region: string;
  createdAt: string;
}

export interface IssuedToken {
  id: string;
  secret: string;
  role: string;
  actorType: string;
  label: string;
  expiresAt: string | null;
}

export type AnswerValue = string | number | string[];

export interface Answer {
  value?: AnswerValue;
  notApplicable?: boolean;
  reason?: string;
  comment?: string;
  evidence?: string[];
  updatedBy?: unknown;
  updatedAt?: string;
}

export interface Score {
  score: number;
  level: number;
}

export interface Scores {
  overall: Score;
  domains: Record<string, Score>;
}

export interface Assessment {
  id: string;
  organisationId?: string;
  questionnaireId: string;
  version: string;
  status: 'draft' | 'submitted';
  revision: number;
  answers?: Record<string, Answer>;
  createdAt: string;
  submittedAt?: string;
  scores?: Scores;
}

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

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const token = tokenStore.get();
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
    throw new ApiError({ title: 'Network error', status: 0, detail: 'The AIM service could not be reached. Check your connection and try again.' });
  }
  if (!res.ok) throw await toError(res);
  return res;
}

async function json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return (await (await send(method, path, body, headers)).json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  taxonomy: () => json<Taxonomy>('GET', '/v1/taxonomy'),
  register: (input: { name: string; industry: string; sizeBand: string; region: string }) =>
    json<{ organisation: Organisation; token: IssuedToken }>('POST', '/v1/organisations', input),
  assessments: () => json<{ assessments: Assessment[] }>('GET', '/v1/assessments'),
  assessment: (id: string) => json<Assessment>('GET', `/v1/assessments/${enc(id)}`),
  questionnaires: () => json<{ questionnaires: QuestionnaireSummary[] }>('GET', '/v1/questionnaires'),
  questionnaire: (id: string, version: string) =>
    json<QuestionnaireVersion>('GET', `/v1/questionnaires/${enc(id)}/versions/${enc(version)}`),
  start: (questionnaireId: string, version: string) =>
    json<Assessment>('POST', '/v1/assessments', { questionnaireId, version }),
  saveAnswers: (id: string, revision: number, answers: Record<string, Answer | null>) =>
    json<Assessment>('PATCH', `/v1/assessments/${enc(id)}/answers`, { revision, answers }),
  submit: (id: string) =>
    json<Assessment>('POST', `/v1/assessments/${enc(id)}/submit`, undefined, { 'Idempotency-Key': randomId() }),
  reportPdf: async (id: string) => (await send('GET', `/v1/assessments/${enc(id)}/report.pdf`, undefined, { Accept: 'application/pdf, application/problem+json' })).blob(),
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

export const LEVEL_NAMES: Record<number, string> = { 1: 'Ad hoc', 2: 'Emerging', 3: 'Defined', 4: 'Managed', 5: 'Adaptive' };

export function levelName(level: number): string {
  return LEVEL_NAMES[Math.round(level)] ?? '';
}
