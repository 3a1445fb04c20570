/**
 * The Lambda functions' logger masks secrets before a line is written
 * (functions/adapters/observability/secret-masking.ts): the message, attributes at any
 * depth, and errors' messages and stacks. The lines are caught where Powertools writes them.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability, loggerSink } from '../../functions/adapters/observability';
import { maskMarker } from '../../functions/core/secrets/patterns';

const key = () => `aim_${randomBytes(32).toString('base64url')}`;

/** The lines the logger writes while `run` runs. */
function written(run: () => void): string {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines.join('');
}

describe('log masking', () => {
  afterEach(() => vi.restoreAllMocks());

  it('replaces AIM keys and other secrets in messages, nested attributes and errors by a marker naming the kind', () => {
    const { logger } = createObservability('aim-test');
    const [inMessage, inAttribute, inError] = [key(), key(), key()];
    const aws = `${'AKIA'}ABCDEFGHIJKLMNOP`;
    const output = written(() => {
      logger.info(`request with ${inMessage}`, { request: { headers: { authorization: `Bearer ${inAttribute}` }, note: `id ${aws}` } });
      logger.error('invocation failed', new Error(`could not parse ${inError}`));
    });
    for (const secret of [inMessage, inAttribute, inError, aws]) expect(output).not.toContain(secret);
    const [info, error] = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(info.message).toBe(`request with ${maskMarker('aim-key')}`);
    expect(info.request.headers.authorization).toBe(`Bearer ${maskMarker('aim-key')}`);
    expect(info.request.note).toBe(`id ${maskMarker('aws-access-key-id')}`);
    expect(JSON.stringify(error)).toContain(maskMarker('aim-key'));
  });

  it("masks what the apps' log callback writes (the path of every request log), and leaves the rest of the entry alone", () => {
    const { logger } = createObservability('aim-test');
    const log = loggerSink(logger);
    const secret = key();
    const output = written(() => log({ level: 'error', msg: 'request failed', path: '/v1/assessments', error: `Error: bad ${secret}`, status: 500 }));
    const entry = JSON.parse(output.trim());
    expect(entry).toMatchObject({
      level: 'ERROR',
      message: 'request failed',
      path: '/v1/assessments',
      error: `Error: bad ${maskMarker('aim-key')}`,
      status: 500,
    });
    expect(output).not.toContain(secret);
  });
});
