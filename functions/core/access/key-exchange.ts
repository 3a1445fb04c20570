/**
 * Static keys exchanged for short-lived tokens, the pure parts (docs/security.md, "Static
 * keys: exchange for a token"): the subject token type, where a `resource` binds the token,
 * and the claims of the access token that rests on a key.
 */
import { accessTokenClaims } from './agents';
import type { Role } from './principal';

/** AIM's own token type URI (RFC 8693 §3): the subject token is an `aim_…` key's secret. */
export const API_KEY_TOKEN_TYPE = 'urn:aim:params:oauth:token-type:api-key';

/** The claim that says an access token rests on a key (its `sub` is the key's id), read again on every request. */
export const API_KEY_CLAIM = 'aim_api_key';

/** How static keys are taken on the API (AIM_STATIC_KEYS_ON_API). */
export const STATIC_KEY_MODES = ['accepted', 'exchange-only'] as const;
export type StaticKeyMode = (typeof STATIC_KEY_MODES)[number];

/**
 * What an RFC 8707 `resource` names: the API as a whole (`{}`), one assessment
 * (`<issuer>/v1/assessments/<id>`), or nothing AIM issues tokens for (undefined).
 */
export function resourceTarget(resource: string | undefined, audience: string): { assessmentId?: string } | undefined {
  if (resource === undefined || resource === audience) return {};
  const prefix = `${audience}/assessments/`;
  if (!resource.startsWith(prefix)) return undefined;
  const id = resource.slice(prefix.length);
  return /^[A-Za-z0-9_-]{1,80}$/.test(id) ? { assessmentId: id } : undefined;
}

/** The claims of an access token exchanged for a key: an agent's token's claims (agents.ts) for the key, marked as resting on it. */
export function keyTokenClaims(input: {
  issuer: string;
  audience: string;
  key: { id: string; organisationId: string | null; role: Role };
  scopes: readonly string[];
  assessmentId?: string;
  jti: string;
  /** Seconds since the epoch. */
  now: number;
  lifetimeSeconds: number;
  jkt?: string;
}): Record<string, unknown> {
  const { key, assessmentId, ...rest } = input;
  return { ...accessTokenClaims({ ...rest, agent: { ...key, assessmentId: assessmentId ?? null } }), [API_KEY_CLAIM]: true };
}
