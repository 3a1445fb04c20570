/**
 * `npm run admin:grant -- <email> [role] [organisation id]`: grants a person who signed up
 * at the embedded OpenID Provider a membership, with the bootstrap admin credential (the
 * one thing it is for once a platform admin exists). Without a role: platform admin. The
 * platform must be running (`npm start`); the grant is audited like any other, with its
 * reason.
 *
 * The bootstrap credential lives 24 hours (BOOTSTRAP_LIFETIME_HOURS), and a platform may
 * have run for days. This tool is the operator at their own machine and owns
 * `<dataDir>/admin-token`, so when AIM refuses the secret there (expired, or revoked) it
 * writes a new one and sends the grant again; the running platform applies a changed file
 * before answering its next API request, which opens a new 24-hour window and revokes the
 * previous credential (functions/local/admin-token-file.ts). We chose this over writing
 * the membership straight into DynamoDB Local because the grant then still goes through
 * the API: the same checks, the same audit event, and no second writer on the database's
 * files. With AIM_ADMIN_TOKEN set, that secret is the operator's: the tool says to set a
 * new one and restart instead.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../functions/config';
import { BOOTSTRAP_LIFETIME_HOURS } from '../functions/core/access/key-lifetime';
import { grantOnThisMachine } from './admin/grant';

async function main() {
  const [email, role = 'admin', organisationId] = process.argv.slice(2);
  if (!email) throw new Error('usage: npm run admin:grant -- <email> [role] [organisation id]');
  const config = loadConfig(process.env);
  const { rotated } = await grantOnThisMachine(
    { email, role, organisationId: organisationId ?? null },
    {
      baseUrl: `http://localhost:${config.PORT}`,
      issuer: `http://localhost:${config.AIM_LOCAL_IDP_PORT}`,
      dataDir: resolve(config.AIM_DATA_DIR),
      ...(config.AIM_ADMIN_TOKEN ? { adminToken: config.AIM_ADMIN_TOKEN } : {}),
    },
  );
  if (rotated) console.log(`The bootstrap admin secret had expired: a new one is in the admin-token file, valid for ${BOOTSTRAP_LIFETIME_HOURS} hours.`);
  console.log(
    `${email} is now ${role}${organisationId ? ` of ${organisationId}` : ' of the platform'}; sign in again (or switch in the header) to act as such.`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
