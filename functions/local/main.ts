/**
 * `npm start`: the whole platform on this machine. Ctrl-C stops everything it started.
 */
import './quiet-warnings';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { JavaMissingError } from './dynamodb-local';
import { startPlatform } from './platform';

async function main() {
  const config = loadConfig(process.env);
  const dataDir = resolve(config.AIM_DATA_DIR);
  console.log('AIM is starting…');
  const platform = await startPlatform({
    port: config.PORT,
    dataDir,
    env: process.env,
    log: (line) => console.log(line),
  });
  console.log(`
  AIM is running
    web app        ${platform.url}/   (sign up there: "Create an account")
    sign-in        ${platform.identityProvider ? `${platform.identityProvider.issuer}   (the embedded OpenID Provider; accounts kept in ${dataDir})` : `${config.AIM_OIDC_ISSUER}`}
    API reference  ${platform.url}/docs   (OpenAPI: ${platform.url}/openapi.json)
    admin token    ${platform.adminToken}   (for scripts; make yourself a platform admin: npm run admin:grant -- <your email>)
    database       ${config.DYNAMODB_ENDPOINT ?? `DynamoDB Local, data in ${dataDir}`}
  Press Ctrl-C to stop.
`);
  if (process.argv.includes('--demo') || process.env.AIM_SEED_DEMO === '1') {
    // Synthetic demo organisations (labelled; analysts see them with population=synthetic).
    const { seedDemoWithProgress } = await import('../../scripts/demo/seed-with-progress');
    await seedDemoWithProgress(platform.config);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping AIM…`);
    await platform.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error(`AIM could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
