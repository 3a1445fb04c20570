/**
 * How responses are described in the OpenAPI document: content, problem answers and their
 * headers. The shapes themselves are the contract's (functions/contract).
 */
import type { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../contract';

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const problemContent = (description: string) => ({
  content: { 'application/problem+json': { schema: ProblemSchema } },
  description,
});

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 1 } } };

/** A problem answer that says when to try again. */
export const retryLaterProblem = (description: string) => ({ ...problemContent(description), headers: RETRY_AFTER });

/** A 201 answer: the created resource's body, and its address in `Location`. */
export const createdContent = <T extends z.ZodType>(schema: T, description: string, location: string) => ({
  ...jsonContent(schema, description),
  headers: { Location: { description: location, schema: { type: 'string' as const, format: 'uri-reference' } } },
});

/** The answer of any route that reads or writes the database while it is unavailable. */
export const databaseProblems = {
  503: retryLaterProblem('the database is unavailable; retry after the Retry-After seconds'),
} as const;

/** The challenge of every 401 (RFC 9110 §11.6.1, RFC 6750 §3); problems.ts builds it. */
const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    description:
      'the Bearer challenge: `Bearer realm="aim"` when no credentials were sent; `Bearer realm="aim", error="invalid_token", error_description="…"` when the token sent is unknown, expired or revoked',
    schema: { type: 'string' as const },
  },
};

/** A 401 answer, with its challenge. */
export const unauthorizedProblem = (description: string) => ({ ...problemContent(description), headers: WWW_AUTHENTICATE });

/** The error responses every authenticated route can give. */
export const authProblems = {
  401: unauthorizedProblem('missing, unknown, expired or revoked token (`unauthenticated`, `token_expired`, `token_revoked`)'),
  403: problemContent("the token's role may not do this"),
  429: retryLaterProblem('this client presented failing tokens too often; unknown tokens wait for the Retry-After seconds (AIM_AUTH_FAILURES_PER_MINUTE)'),
  ...databaseProblems,
} as const;

/** The error responses every route with a JSON body can give, besides validation (400). */
export const bodyProblems = {
  413: problemContent('the body is larger than the limit (AIM_MAX_BODY_BYTES)'),
  415: problemContent('the body is not application/json'),
} as const;

/** Who may call an authenticated route: a signed-in person (the web app's session cookie) or a bearer credential (a key or an agent's token). */
export const signedIn: Record<string, string[]>[] = [{ Session: [] }, { Bearer: [] }];
