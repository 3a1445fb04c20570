/**
 * A small world for access-control tests: an organisation with a token for every role,
 * an expired and a revoked owner token, another organisation's owner, and platform
 * tokens, all against a running platform.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../functions/local/platform';
import type { ApiClient } from './api-client';
import { storeOwnerKey } from './stored-keys';

export const PRINCIPALS = ['owner', 'leader', 'respondent', 'analyst', 'admin', 'none', 'expired', 'revoked', 'otherOrg'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export interface World {
  organisationId: string;
  organisationName: string;
  tokens: Record<PrincipalName, string | undefined>;
}

/** A token that expired yesterday, written straight into the store (the API cannot mint one). */
const expiredToken = (platform: Platform, organisationId: string) =>
  storeOwnerKey(platform, {
    organisationId,
    label: 'expired owner',
    createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
  });

export async function makeWorld(api: ApiClient, platform: Platform, name = `World ${randomUUID().slice(0, 8)}`): Promise<World> {
  const org = await api.post('/v1/organisations', { name, industry: 'telecommunications', sizeBand: '1000-4999', region: 'latin-america' });
  const owner = org.body.token.secret as string;
  const mint = async (role: string, token: string) => (await api.post('/v1/tokens', { role, label: `${role} token` }, token)).body.token;
  const revoked = await mint('owner', owner);
  await api.del(`/v1/tokens/${revoked.id}`, owner);
  const other = await api.post('/v1/organisations', { name: `${name} (other)`, industry: 'education', sizeBand: '1-49', region: 'europe' });
  return {
    organisationId: org.body.organisation.id,
    organisationName: name,
    tokens: {
      owner,
      leader: (await mint('leader', owner)).secret,
      respondent: (await mint('respondent', owner)).secret,
      analyst: (await mint('analyst', platform.adminToken)).secret,
      admin: platform.adminToken,
      none: undefined,
      expired: await expiredToken(platform, org.body.organisation.id),
      revoked: revoked.secret,
      otherOrg: other.body.token.secret,
    },
  };
}
