/**
 * Static keys as scripts use them since AIM_STATIC_KEYS_ON_API=exchange-only is the default
 * (docs/security.md, "Static keys: exchange for a token"): an `aim_…` key is exchanged at the
 * token endpoint for a short-lived token bound to the API, naming the task's scopes (here:
 * every operation of the key's role, as the tests act with the key's role), and the token is
 * what goes to the API. Tests about raw keys send the key themselves (`raw`, or an explicit
 * Authorization header).
 */
import { decodeJwt } from 'jose';
import { operationsOf } from '../../functions/core/access/policy';
import type { Role } from '../../functions/core/access/principal';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const API_KEY_TOKEN_TYPE = 'urn:aim:params:oauth:token-type:api-key';

export const isStaticKey = (token: string | undefined): token is string => token?.startsWith('aim_') === true;

/** Posts a form to the token endpoint: the status, and the access token of a 200. */
export type TokenPost = (form: string) => Promise<{ status: number; accessToken?: string }>;

const fetchTokenPost =
  (baseUrl: string): TokenPost =>
  async (form) => {
    const response = await fetch(`${baseUrl}/v1/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { status: response.status };
    }
    return { status: 200, accessToken: ((await response.json()) as { access_token: string }).access_token };
  };

/** One token exchange of `key` for `scope`: the access token, or undefined when refused. */
async function exchangeOnce(post: TokenPost, key: string, scope: string): Promise<string | undefined> {
  const form = new URLSearchParams({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: key, subject_token_type: API_KEY_TOKEN_TYPE, scope });
  return (await post(form.toString())).accessToken;
}

/**
 * Exchanges keys for tokens at the server at `baseUrl`, one token per key until the API
 * refuses it. A key the endpoint refuses (unknown, revoked, expired) is sent as it
 * is, so the test sees the API's own answer to it.
 */
export function keyExchanger(baseUrl: string, post: TokenPost = fetchTokenPost(baseUrl)) {
  const tokens = new Map<string, Promise<string | undefined>>();
  /** The role is learnt from a first token asking only to read its session (every role may). */
  const exchange = async (key: string) => {
    const probe = await exchangeOnce(post, key, 'session.read');
    const issued = probe && (await exchangeOnce(post, key, operationsOf(decodeJwt(probe).role as Role).join(' ')));
    // A refusal is not kept: the next request tries again (a database back, a clock moved).
    if (!issued) tokens.delete(key);
    return issued;
  };
  /** The credential to send for `token`: its exchanged token when it is a key the endpoint takes. */
  async function credentialFor(token: string | undefined): Promise<string | undefined> {
    if (!isStaticKey(token)) return token;
    let pending = tokens.get(token);
    if (!pending) {
      pending = exchange(token);
      tokens.set(token, pending);
    }
    return (await pending) ?? token;
  }
  return {
    credentialFor,
    /**
     * After the API refused the token of `key` (expired, or its key revoked): a new token, or
     * undefined when the exchange is refused too, and then the API's answer stands.
     */
    async renewed(key: string): Promise<string | undefined> {
      tokens.delete(key);
      const token = await credentialFor(key);
      return token === key ? undefined : token;
    },
  };
}

export type KeyExchanger = ReturnType<typeof keyExchanger>;

/** Whether a 401 (with its WWW-Authenticate challenge) is the API refusing a token that an exchange again might replace. */
export const tokenRefused = (status: number, challenge: string | null | undefined) => status === 401 && (challenge ?? '').includes('invalid_token');
