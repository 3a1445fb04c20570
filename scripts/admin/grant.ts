/**
 * The work of `npm run admin:grant` (scripts/grant-membership.ts explains the route it
 * takes): a membership for a person known to the embedded OpenID Provider, granted with
 * the local bootstrap credential, whose secret it rotates when the platform refuses it.
 */
import { join } from 'node:path';
import { BOOTSTRAP_LIFETIME_HOURS } from '../../functions/core/access/key-lifetime';
import { newAdminSecret, readAdminToken, writeAdminToken } from '../../functions/local/admin-token-file';
import { openAccountStore } from '../../functions/local/identity-provider/accounts';

export const GRANT_REASON = 'granted on this machine with npm run admin:grant';

export interface LocalGrant {
  email: string;
  role: string;
  /** null: a platform role. */
  organisationId: string | null;
}

export interface LocalPlatform {
  /** Where AIM answers, e.g. http://localhost:3000. */
  baseUrl: string;
  /** The embedded provider's issuer, as people's memberships name it. */
  issuer: string;
  dataDir: string;
  /** AIM_ADMIN_TOKEN when the operator set one: then the secret is theirs to rotate, not this tool's. */
  adminToken?: string;
}

/** Grants the membership; says whether the bootstrap secret had to be rotated first. */
export async function grantOnThisMachine(grant: LocalGrant, platform: LocalPlatform): Promise<{ name: string; rotated: boolean }> {
  const account = await (await openAccountStore(join(platform.dataDir, 'identity-provider'))).findByEmail(grant.email);
  if (!account) throw new Error(`no account for ${grant.email} at the embedded provider: sign up in the web app first`);
  const post = (token: string) =>
    fetch(`${platform.baseUrl}/v1/memberships`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        issuer: platform.issuer,
        subject: account.subject,
        organisationId: grant.organisationId,
        role: grant.role,
        name: account.name,
        reason: GRANT_REASON,
      }),
    });
  const current = platform.adminToken ?? readAdminToken(platform.dataDir);
  let response = current ? await post(current) : undefined;
  let rotated = false;
  if (!response || response.status === 401) {
    if (platform.adminToken)
      throw new Error(
        `AIM refused AIM_ADMIN_TOKEN (${response ? await response.text() : 'none'}): the bootstrap credential lives ${BOOTSTRAP_LIFETIME_HOURS} hours; set a new AIM_ADMIN_TOKEN and restart the platform`,
      );
    // The operator owns the data directory: a new secret there opens a new window, which
    // the running platform applies on this very request (functions/local/admin-token-file.ts).
    await response?.body?.cancel();
    const secret = newAdminSecret();
    writeAdminToken(platform.dataDir, secret);
    rotated = true;
    response = await post(secret);
  }
  if (response.status !== 201) throw new Error(`AIM answered ${response.status}: ${await response.text()}`);
  await response.body?.cancel();
  return { name: account.name, rotated };
}
