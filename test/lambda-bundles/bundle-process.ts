/**
 * One built Lambda bundle running in a Node.js process of its own, like one warm Lambda
 * container: invoke.mjs imports it once, then handles the events sent to it in order.
 * The Node.js binary is AIM_LAMBDA_NODE when set (.ci/node24.sh points it at Node 24, the
 * Lambda runtime), else the one running the tests.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LambdaBundle } from '../../infra/support/lambda-bundles';

export const LAMBDA_NODE = process.env.AIM_LAMBDA_NODE || process.execPath;
const RUNNER = fileURLToPath(new URL('./invoke.mjs', import.meta.url));

/** A JSON line the bundle wrote (a Powertools log entry or an EMF metrics document). */
export type LogLine = Record<string, any>;

export interface Invocation<R> {
  /** The Lambda request id the runner gave this invocation (context.awsRequestId). */
  readonly requestId: string;
  /** The handler's value, as Lambda would hand it to the caller (JSON round trip). */
  readonly result: R;
  /** JSON lines written during the invocation, stdout and stderr together, in order. */
  readonly logs: LogLine[];
}

export interface BundleProcess {
  /** `process.version` of the child. */
  readonly node: string;
  /** JSON lines written while the bundle was imported (the cold start). */
  readonly initLogs: LogLine[];
  invoke<R = unknown>(event: unknown): Promise<Invocation<R>>;
  close(): Promise<void>;
}

interface Waiter {
  resolve(invocation: Invocation<any>): void;
  reject(error: Error): void;
}

/**
 * The variables Lambda sets, then the function's own (from the construct), then `env`.
 * No AWS_EXECUTION_ENV: with it the X-Ray tracer would switch on and look for a daemon.
 */
function lambdaEnvironment(bundle: LambdaBundle, functionName: string, env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: bundle.dir,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    // DynamoDB Local accepts any signature; the SDK only needs some credentials to sign with.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...bundle.environment,
    ...env,
  };
}

function parseLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Starts the bundle and waits for its cold start to finish. */
export function startBundle(bundle: LambdaBundle, options: { functionName: string; env?: Record<string, string> }): Promise<BundleProcess> {
  // Through `sh -c 'exec … 2>&1'`: one pipe for stdout and stderr (Powertools writes errors
  // to stderr), so every line of an invocation arrives before the runner's result line.
  const child = spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'sh', LAMBDA_NODE, RUNNER, bundle.dir], {
    cwd: bundle.dir,
    env: lambdaEnvironment(bundle, options.functionName, options.env ?? {}),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiters: Waiter[] = [];
  let logs: LogLine[] = [];
  const text: string[] = [];
  let exited = false;

  return new Promise<BundleProcess>((resolveStart, rejectStart) => {
    const fail = (error: Error) => {
      rejectStart(error);
      for (const waiter of waiters.splice(0)) waiter.reject(error);
    };
    const bundleProcess = (node: string, initLogs: LogLine[]): BundleProcess => ({
      node,
      initLogs,
      invoke<R>(event: unknown) {
        if (exited) return Promise.reject(new Error(`${options.functionName}: the bundle's process has exited`));
        return new Promise<Invocation<R>>((resolve, reject) => {
          waiters.push({ resolve, reject });
          child.stdin.write(`${JSON.stringify(event)}\n`);
        });
      },
      async close() {
        if (exited) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      },
    });

    createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      const parsed = parseLine(line);
      if (!parsed) {
        text.push(line);
      } else if (parsed.aimRuntime) {
        resolveStart(bundleProcess(parsed.aimRuntime.node, logs));
        logs = [];
      } else if (parsed.aimInit) {
        fail(new Error(`${options.functionName}: the bundle failed to load: ${parsed.aimInit.error.stack ?? parsed.aimInit.error.message}`));
      } else if (parsed.aimInvocation) {
        const waiter = waiters.shift();
        const { requestId, result, error } = parsed.aimInvocation;
        if (!waiter) {
          // Cannot happen (one result per event sent); kept with the other output.
          text.push(line);
        } else if (error) waiter.reject(new Error(`${options.functionName}: the handler threw: ${error.stack ?? error.message}`));
        else waiter.resolve({ requestId, result, logs });
        logs = [];
      } else {
        logs.push(parsed);
      }
    });
    child.on('error', (error) => fail(error));
    child.on('exit', (code, signal) => {
      exited = true;
      fail(new Error(`${options.functionName}: exited (${signal ?? code}); its other output:\n${text.join('\n')}`));
    });
  });
}
