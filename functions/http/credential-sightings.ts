/** Which credential a request's principal is, for shared-use detection (services/credential-sightings.ts). */
import { decodeJwt } from 'jose';
import type { Principal } from '../core/access/principal';
import { sha256 } from '../services/hashing';
import type { WatchedCredential } from '../services/ports';

/** A key (by its secret's hash, where its record lives) or an agent (by id); undefined without a credential. */
export function sightingOf(principal: Principal, presented: { agentToken: string } | { secret: string | undefined }): WatchedCredential | undefined {
  if ('agentToken' in presented) return { kind: 'agent', id: principal.tokenId, organisationId: principal.organisationId };
  return presented.secret ? { kind: 'token', id: principal.tokenId, organisationId: principal.organisationId, hash: sha256(presented.secret) } : undefined;
}

/** The DPoP key an access token is bound to (its `cnf.jkt`), read after the token and its proof were verified. */
export function proofKeyOf(accessToken: string): string | undefined {
  try {
    const jkt = (decodeJwt(accessToken).cnf as { jkt?: unknown } | undefined)?.jkt;
    return typeof jkt === 'string' ? jkt : undefined;
  } catch {
    return undefined;
  }
}
