/**
 * `npm run admin:grant -- <email> [role] [organisation id]`: grants a person who signed up
 * at the embedded OpenID Provider a membership, with the bootstrap admin credential (the
 * one thing it is for once a platform admin exists). Without a role: platform admin. The
 * platform must be running (`npm start`); the grant is audited like any other.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../functions/config';
import { openAccountStore } from '../functions/local/identity-provider/accounts';

async function main() {
  const [email, role = 'admin', organisationId] = process.argv.slice(2);
  if (!email) throw new Error('usage: npm run admin:grant -- <email> [role] [organisation id]');
  const config = loadConfig(process.env);
  const dataDir = resolve(config.AIM_DATA_DIR);
  const account = await (await openAccountStore(join(dataDir, 'identity-provider'))).findByEmail(email);
  if (!account) throw new Error(`no account for ${email} at the embedded provider: sign up in the web app first`);
  const adminToken = config.AIM_ADMIN_TOKEN ?? readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const response = await fetch(`http://localhost:${config.PORT}/v1/memberships`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      issuer: `http://localhost:${config.AIM_LOCAL_IDP_PORT}`,
      subject: account.subject,
      organisationId: organisationId ?? null,
      role,
      name: account.name,
      reason: 'granted on this machine with npm run admin:grant',
    }),
  });
  const body = await response.text();
  if (response.status !== 201) throw new Error(`AIM answered ${response.status}: ${body}`);
  console.log(
    `${account.email} is now ${role}${organisationId ? ` of ${organisationId}` : ' of the platform'}; sign in again (or switch in the header) to act as such.`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
