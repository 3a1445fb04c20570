/**
 * Clients for tests that talk to a real AIM server.
 *
 * `api.contract(token)` is an openapi-fetch client typed by the types generated from the
 * committed OpenAPI document (functions/contract/openapi-types.ts): a request or a use of
 * a response that the document does not describe does not compile, and every response it
 * receives is checked against the document at run time (its status is one the operation
 * lists, its JSON body matches the schema given for it), so a server that breaks the
 * contract fails the test. The untyped `get`/`post`/`patch`/`del`/`call` remain for what
 * the contract cannot express: malformed bodies, wrong content types, unknown routes.
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../../functions/contract/openapi-types';
import { isStaticKey, type KeyExchanger, keyExchanger, tokenRefused } from './key-exchange';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** The committed document, which the server serves (test/api/contract.test.ts checks that they are the same). */
const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};
const DOCUMENT_ID = 'aim-openapi';
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(document, DOCUMENT_ID);
const validators = new Map<string, ValidateFunction>();

const pointerPart = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Fails (throws) when a response is not one the document describes for the operation. */
async function checkAgainstDocument(schemaPath: string, method: string, response: Response): Promise<void> {
  const where = `${method.toUpperCase()} ${schemaPath} answered ${response.status}`;
  const responses = document.paths[schemaPath]?.[method]?.responses;
  if (!responses) throw new Error(`${method.toUpperCase()} ${schemaPath} is not in docs/openapi.json`);
  const documented = responses[String(response.status)];
  if (!documented) throw new Error(`${where}, which docs/openapi.json does not list (it lists ${Object.keys(responses).join(', ')})`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!type.endsWith('json') || response.status === 204) return;
  if (!documented.content?.[type]) throw new Error(`${where} with ${type}, which docs/openapi.json does not give for it`);
  const key = `${schemaPath} ${method} ${response.status} ${type}`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = ['paths', schemaPath, method, 'responses', String(response.status), 'content', type, 'schema'].map(pointerPart).join('/');
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
    validators.set(key, validate);
  }
  const body: unknown = await response.clone().json();
  if (!validate(body))
    throw new Error(`${where} with a body that breaks docs/openapi.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
}

const contractCheck: Middleware = {
  async onResponse({ schemaPath, request, response }) {
    await checkAgainstDocument(schemaPath, request.method.toLowerCase(), response);
  },
};

/**
 * Sends `request` with the token exchanged for `key` in place of the key (key-exchange.ts);
 * once more with a new exchange when the API refuses the token (expired, or its key revoked).
 */
async function fetchExchanged(exchanger: KeyExchanger, key: string, request: Request): Promise<Response> {
  const again = request.clone();
  request.headers.set('authorization', `Bearer ${await exchanger.credentialFor(key)}`);
  const response = await fetch(request);
  if (!tokenRefused(response.status, response.headers.get('www-authenticate'))) return response;
  const renewed = await exchanger.renewed(key);
  if (!renewed) return response;
  await response.body?.cancel();
  again.headers.set('authorization', `Bearer ${renewed}`);
  return fetch(again);
}

/** An openapi-fetch client for the server at `baseUrl`, as the holder of `token` (none: anonymous; a key: the token it is exchanged for). */
export function contractClient(baseUrl: string, token?: string, exchanger: KeyExchanger = keyExchanger(baseUrl)) {
  const client = createClient<paths, `${string}/${string}json`>({
    baseUrl,
    headers: { accept: 'application/json, application/problem+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(isStaticKey(token) ? { fetch: (request: Request) => fetchExchanged(exchanger, token, request) } : {}),
  });
  client.use(contractCheck);
  return client;
}

export type ContractClient = ReturnType<typeof contractClient>;

/** A typed client's result as an `ApiResponse` (the body, or the problem), for `expectProblem` and `toMatchObject`. */
export function answered<D, E>(result: { data?: D; error?: E; response: Response }): ApiResponse<D | E | undefined> {
  return { status: result.response.status, headers: result.response.headers, body: result.data ?? result.error };
}

/**
 * A client for the server at `baseUrl`. A static key given as `token` is exchanged for a
 * token at the token endpoint and the token sent (key-exchange.ts), as the API takes no keys
 * by default; `raw: true` sends the key as it is, for tests about keys on the API.
 */
export function apiClient(baseUrl: string) {
  const exchanger = keyExchanger(baseUrl);
  async function call<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string; raw?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const send = (credential: string | undefined) => {
      if (credential) headers.authorization = `Bearer ${credential}`;
      // Redirects are answers too (sign-in): never followed.
      return fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    };
    const credential = options.raw ? options.token : await exchanger.credentialFor(options.token);
    let response = await send(credential);
    if (credential !== options.token && tokenRefused(response.status, response.headers.get('www-authenticate'))) {
      // The exchanged token expired or its key was revoked: exchange again; if that is refused too, the API's answer stands.
      const renewed = await exchanger.renewed(options.token!);
      if (renewed) {
        await response.body?.cancel();
        response = await send(renewed);
      }
    }
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : type.includes('pdf') ? new Uint8Array(await response.arrayBuffer()) : await response.text();
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) => call<T>('POST', path, { body, token, headers }),
    patch: <T = any>(path: string, body: unknown, token?: string) => call<T>('PATCH', path, { body, token }),
    del: <T = any>(path: string, token?: string) => call<T>('DELETE', path, { token }),
    /** The typed client of the document, as the holder of `token` (see above). */
    contract: (token?: string) => contractClient(baseUrl, token, exchanger),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
