/**
 * `npm run dev`: the platform for working on it. One DynamoDB Local (data in the same
 * directory as `npm start`) stays up while the API restarts on every change to the server
 * code (`tsx watch`), and the Vite dev server serves the web app with hot reload,
 * proxying the API's paths. Ctrl-C stops all three.
 */
import './quiet-warnings';
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config';
import { JavaMissingError, startDynamoDbLocal } from './dynamodb-local';

const WEB_PORT = Number(process.env.AIM_WEB_DEV_PORT ?? 5173);

async function main() {
  const config = loadConfig(process.env);
  const dataDir = resolve(config.AIM_DATA_DIR);
  const db = config.DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  const endpoint = config.DYNAMODB_ENDPOINT ?? db!.endpoint;
  const apiUrl = `http://localhost:${config.PORT}`;
  const children: ChildProcess[] = [
    spawn(join('node_modules', '.bin', 'tsx'), ['watch', '--clear-screen=false', 'functions/local/main.ts'], {
      stdio: 'inherit',
      env: { ...process.env, DYNAMODB_ENDPOINT: endpoint },
    }),
    spawn(join('node_modules', '.bin', 'vite'), ['--config', 'web/vite.config.ts', '--port', String(WEB_PORT), '--strictPort'], {
      stdio: 'inherit',
      env: { ...process.env, AIM_API: apiUrl },
    }),
  ];
  console.log(`\n  AIM dev: web app with hot reload at http://localhost:${WEB_PORT}/ (API ${apiUrl}, restarting on change; database ${endpoint})\n`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined)));
    await db?.stop();
    process.exit(code);
  };
  for (const child of children) child.once('exit', (code) => void stop(code ?? 1));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((error) => {
  console.error(error instanceof JavaMissingError ? error.message : `AIM dev could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
