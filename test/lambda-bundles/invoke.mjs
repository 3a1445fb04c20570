/**
 * A stand-in for the Lambda Node.js runtime, enough to drive a built bundle: it imports
 * `handler` from the bundle's index.mjs once (the cold start), then invokes it with each event
 * read from stdin, one JSON document per line, in order, as a warm container would.
 *
 *   node test/lambda-bundles/invoke.mjs <bundle dir> < events.jsonl
 *
 * Plain JavaScript with no dependencies, so it runs on whichever Node.js is being tested.
 * The bundle's own output (Powertools logs, EMF metrics) goes to stdout and stderr as in Lambda;
 * the runner's lines are JSON objects on stdout with one of these keys:
 * - `aimRuntime`: once, after the import: `{ node: process.version, initMs }`;
 * - `aimInit`: instead, when the import failed: `{ error }` (then the runner exits with 1);
 * - `aimInvocation`: per event: `{ requestId, result }` (the handler's value as Lambda would
 *   serialize it) or `{ requestId, error }`.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? '.');
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'aim-bundle';
const region = process.env.AWS_REGION ?? 'us-east-1';
const timeoutMs = Number(process.env.AIM_LAMBDA_TIMEOUT_MS ?? 30_000);

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const describe = (error) => ({ name: error?.name, message: String(error?.message ?? error), stack: error?.stack });

/** The Lambda context object a Node.js handler receives. */
function contextFor(requestId) {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

const started = Date.now();
let handler;
try {
  ({ handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href));
  if (typeof handler !== 'function') throw new Error(`index.mjs exports no handler function (got ${typeof handler})`);
} catch (error) {
  print({ aimInit: { error: describe(error) } });
  process.exit(1);
}
print({ aimRuntime: { node: process.version, initMs: Date.now() - started } });

for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const requestId = randomUUID();
  try {
    const value = await handler(JSON.parse(line), contextFor(requestId));
    // Lambda hands the caller the JSON serialization of the handler's value.
    print({ aimInvocation: { requestId, result: JSON.parse(JSON.stringify(value ?? null)) } });
  } catch (error) {
    print({ aimInvocation: { requestId, error: describe(error) } });
  }
}
// Idle keep-alive sockets (the SDK's) must not hold the process open once stdin is done.
process.exit(0);
