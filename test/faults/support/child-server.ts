/**
 * The real local server (`tsx functions/local/main.ts`) as a child process, in its own
 * process group so that a kill reaches DynamoDB Local (its Java child) too, as a power
 * cut would. Its stdout and stderr are captured for the tests to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_RATE_LIMITS } from '../../support/platform-fixture';

export interface ChildServer {
  url: string;
  adminToken: string;
  output: () => string;
  /** Kills the whole process group with SIGKILL: nothing gets to clean up. */
  kill(): Promise<void>;
  /** SIGTERM, as Ctrl-C would: the server stops what it started. */
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');

export async function startChildServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ChildServer> {
  const child: ChildProcess = spawn(resolve(root, 'node_modules/.bin/tsx'), ['functions/local/main.ts'], {
    cwd: root,
    // The fault tests register several organisations from 127.0.0.1: limits raised for tests only.
    // Its embedded OpenID Provider on any free port, so that servers side by side do not collide.
    env: { ...process.env, ...TEST_RATE_LIMITS, AIM_LOCAL_IDP_PORT: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (!/AIM is running/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      signalGroup('SIGKILL');
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /web app\s+(\S+?)\/?\s/.exec(output)![1]!;
  const adminToken = /admin token\s+(\S+)/.exec(output)![1]!;
  return {
    url,
    adminToken,
    output: () => output,
    async kill() {
      signalGroup('SIGKILL');
      await exited;
      // The Java grandchild is in the same group; give the kernel a moment to release its port.
      await new Promise((r) => setTimeout(r, 300));
    },
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
