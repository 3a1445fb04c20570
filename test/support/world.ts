/**
 * A small world for access-control tests: an organisation with a token for every role,
 * an expired and a revoked owner token, another organisation's owner, and platform
 * tokens, all against a running platform.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../functions/local/platform';
import type { ApiClient } from './api-client';
import { grantMembership, newAccount, signInAs, type SignedInPerson } from './people';
import { storeOwnerKey } from './stored-keys';

export const PRINCIPALS = ['owner', 'leader', 'respondent', 'analyst', 'admin', 'none', 'expired', 'revoked', 'otherOrg'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** The callers that are also signed-in people: each role of the organisation, the platform roles, another organisation's owner. */
export const PEOPLE = ['owner', 'leader', 'respondent', 'analyst', 'admin', 'otherOrg'] as const;
export type PersonName = (typeof PEOPLE)[number];

export interface World {
  organisationId: string;
  organisationName: string;
  tokens: Record<PrincipalName, string | undefined>;
  /** The same roles held by signed-in people (memberships granted by the platform admin). */
  people: Record<PersonName, SignedInPerson>;
}

/** A person signed in with a membership granted by the bootstrap admin. */
async function member(platform: Platform, organisationId: string | null, role: string, name: string): Promise<SignedInPerson> {
  const account = await newAccount(platform, name);
  const granted = await grantMembership(platform, account, organisationId, role);
  if (granted.status !== 201) throw new Error(`granting ${role}: ${granted.status} ${await granted.text()}`);
  return signInAs(platform, account);
}

/** A token that expired yesterday, written straight into the store (the API cannot mint one). */
const expiredToken = (platform: Platform, organisationId: string) =>
  storeOwnerKey(platform, {
    organisationId,
    label: 'expired owner',
    createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
  });

export async function makeWorld(api: ApiClient, platform: Platform & { adminKey: string }, name = `World ${randomUUID().slice(0, 8)}`): Promise<World> {
  const org = await api.post('/v1/organisations', { name, industry: 'telecommunications', sizeBand: '1000-4999', region: 'latin-america' });
  const owner = org.body.token.secret as string;
  // Owner keys are recorded exceptions (the world mints one to revoke it).
  const exception = (role: string) => (role === 'owner' ? { exception: 'the test world needs a revoked owner key' } : {});
  const mint = async (role: string, token: string) => (await api.post('/v1/tokens', { role, label: `${role} token`, ...exception(role) }, token)).body.token;
  const revoked = await mint('owner', owner);
  await api.del(`/v1/tokens/${revoked.id}`, owner);
  const other = await api.post('/v1/organisations', { name: `${name} (other)`, industry: 'education', sizeBand: '1-49', region: 'europe' });
  const organisationId = org.body.organisation.id as string;
  const people = {
    owner: await member(platform, organisationId, 'owner', 'Owner person'),
    leader: await member(platform, organisationId, 'leader', 'Leader person'),
    respondent: await member(platform, organisationId, 'respondent', 'Respondent person'),
    analyst: await member(platform, null, 'analyst', 'Analyst person'),
    admin: await member(platform, null, 'admin', 'Admin person'),
    otherOrg: await member(platform, other.body.organisation.id, 'owner', 'Other owner person'),
  };
  return {
    organisationId,
    organisationName: name,
    people,
    tokens: {
      owner,
      leader: (await mint('leader', owner)).secret,
      respondent: (await mint('respondent', owner)).secret,
      analyst: (await mint('analyst', platform.adminKey)).secret,
      admin: platform.adminKey,
      none: undefined,
      expired: await expiredToken(platform, org.body.organisation.id),
      revoked: revoked.secret,
      otherOrg: other.body.token.secret,
    },
  };
}
