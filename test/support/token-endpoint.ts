/** Calls to AIM's OAuth token endpoint (POST /v1/oauth/token), as an agent's client makes them. */
import { operationsOf } from '../../functions/core/access/policy';
import type { ApiResponse } from './api-client';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const tokenEndpointOf = (baseUrl: string) => `${baseUrl}/v1/oauth/token`;

/** A form POST to the token endpoint; the body parsed as JSON when it is JSON, else left as text. */
export async function postTokenForm(baseUrl: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await fetch(tokenEndpointOf(baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

/**
 * What the tests' agents ask for unless told otherwise: every operation of a respondent, the
 * role they are registered with (an agent's grant must name its task's `scope`).
 */
export const RESPONDENT_TASK = operationsOf('respondent').join(' ');

/** The client-credentials grant, the client authenticated by a JWT (RFC 7523): its own, or its platform's. */
export const clientCredentialsGrant = (clientAssertion: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_assertion_type: CLIENT_ASSERTION_TYPE,
  client_assertion: clientAssertion,
  scope: RESPONDENT_TASK,
  ...extra,
});
