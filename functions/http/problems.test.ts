import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, type ErrorCode } from '../core/errors';
import { fieldPointer, jsonPointer, problem, problemFromError, withInputFrom, wwwAuthenticate, zodProblem } from './problems';

describe('problemFromError: domain errors', () => {
  it.each([
    ['validation_failed', 400],
    ['unauthenticated', 401],
    ['token_expired', 401],
    ['token_revoked', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['revision_conflict', 409],
    ['assessment_not_draft', 409],
    ['assessment_not_submitted', 409],
    ['assessment_incomplete', 422],
    ['assessment_too_large', 422],
    ['bootstrap_token_protected', 409],
    ['idempotency_key_reused', 422],
    ['payload_too_large', 413],
    ['unsupported_media_type', 415],
    ['database_unavailable', 503],
    ['internal_error', 500],
  ] as [ErrorCode, number][])('%s → %d', (code, status) => {
    const p = problemFromError(new DomainError(code, `detail for ${code}`));
    expect(p).toMatchObject({ status, code, detail: `detail for ${code}`, type: `https://aim.example/problems/${code.replaceAll('_', '-')}` });
    expect(p.title.length).toBeGreaterThan(0);
    expect(p).not.toHaveProperty('errors');
  });

  it('carries field errors, as pointers into the request body, and extra members', () => {
    const p = problemFromError(new DomainError('revision_conflict', 'stale', [{ field: ['name'], message: 'too long' }], { currentRevision: 7 }));
    expect(p).toMatchObject({ status: 409, code: 'revision_conflict', errors: [{ pointer: '/body/name', message: 'too long' }], currentRevision: 7 });
    expect(p.errors![0]).not.toHaveProperty('field');
  });
});

describe('field pointers', () => {
  it('points an input field into the part of the request the input came from, escaping each name', () => {
    expect(fieldPointer({ field: ['answers', 'a/b~c', 'value'] })).toBe('/body/answers/a~1b~0c/value');
    expect(fieldPointer({ in: 'input', field: ['answers'] }, 'body')).toBe('/body/answers');
    expect(fieldPointer({ field: ['cursor'] }, 'query')).toBe('/query/cursor');
  });

  it('points the idempotency key into the headers, and a field of the subject into the resource', () => {
    expect(fieldPointer({ in: 'idempotencyKey', field: [] }, 'query')).toBe('/headers/idempotency-key');
    expect(fieldPointer({ in: 'subject', field: ['answers', 'q~1'] }, 'query')).toBe('/answers/q~01');
    expect(fieldPointer({ in: 'subject', field: [] })).toBe('');
  });

  it('points the errors of a service called with the query as its input into the query', async () => {
    const error = new DomainError('validation_failed', 'bad cursor', [
      { field: ['cursor'], message: 'pass it unchanged' },
      { in: 'idempotencyKey', field: [], message: 'a new key' },
    ]);
    const thrown = await withInputFrom('query', () => Promise.reject(error)).catch((e: unknown) => e);
    expect(problemFromError(thrown)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: 'bad cursor',
      errors: [
        { pointer: '/query/cursor', message: 'pass it unchanged' },
        { pointer: '/headers/idempotency-key', message: 'a new key' },
      ],
    });
    // Anything else passes through unchanged, and a value comes back as it is.
    const other = new Error('boom');
    await expect(withInputFrom('query', () => Promise.reject(other))).rejects.toBe(other);
    await expect(withInputFrom('query', () => 42)).resolves.toBe(42);
  });
});

describe('problemFromError: HTTP exceptions', () => {
  it('400 becomes validation_failed pointing at the body', () => {
    const p = problemFromError(new HTTPException(400, { message: 'Malformed JSON in request body' }));
    expect(p).toMatchObject({ status: 400, code: 'validation_failed', detail: 'Malformed JSON in request body' });
    expect(p.errors).toEqual([{ pointer: '/body', message: 'Malformed JSON in request body' }]);
  });

  it('413 becomes payload_too_large', () => {
    expect(problemFromError(new HTTPException(413, { message: 'too big' }))).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(problemFromError(new HTTPException(413))).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('415 becomes unsupported_media_type pointing at the content-type header', () => {
    const p = problemFromError(new HTTPException(415));
    expect(p).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(p.errors).toEqual([{ pointer: '/headers/content-type', message: expect.any(String) }]);
  });

  it('401 and 404 keep their meaning', () => {
    expect(problemFromError(new HTTPException(401))).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(problemFromError(new HTTPException(404))).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('problemFromError: database unavailable', () => {
  const cases: [string, unknown][] = [
    ['an SDK TimeoutError', Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' })],
    ['a plain { name: TimeoutError }', { name: 'TimeoutError' }],
    [
      'ECONNREFUSED in the cause',
      new Error('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }) }),
    ],
    ['ECONNREFUSED two causes deep', new Error('outer', { cause: new Error('middle', { cause: { code: 'ECONNREFUSED' } }) })],
    ['an AggregateError-like list', { name: 'AggregateError', errors: [{ code: 'ECONNREFUSED' }] }],
    ['a real AggregateError', new AggregateError([new Error('x'), Object.assign(new Error('y'), { code: 'ECONNRESET' })], 'all failed')],
    ['a throttled request', { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }],
  ];

  it.each(cases)('%s → 503 database_unavailable', (_label, error) => {
    const p = problemFromError(error);
    expect(p).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(p.detail).not.toMatch(/ECONN|127\.0\.0\.1|timed out/);
  });
});

describe('problemFromError: anything else', () => {
  const secret = 'password=hunter2 at db.internal:5432';
  it.each([
    ['an Error', new Error(secret)],
    ['a TypeError', new TypeError(secret)],
    ['a string', secret],
    ['undefined', undefined],
    ['null', null],
    ['an object', { message: secret, code: 'EACCES' }],
    ['an AggregateError of non-transient errors', new AggregateError([new Error(secret)], secret)],
    ['an HTTPException without a mapping', new HTTPException(418, { message: secret })],
  ])('%s → 500 internal_error without its message', (_label, error) => {
    const p = problemFromError(error);
    expect(p).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });

  it('does not loop on a self-referencing cause', () => {
    const error: Error & { cause?: unknown } = new Error('loop');
    error.cause = error;
    expect(problemFromError(error)).toMatchObject({ status: 500 });
  });
});

describe('zodProblem', () => {
  it('gives one pointer per unknown key', () => {
    const result = z.strictObject({ name: z.string() }).safeParse({ name: 'x', extra: 1, other: 2 });
    if (result.success) throw new Error('expected a failure');
    const p = zodProblem(result.error, 'body');
    expect(p).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(p.errors!.map((e) => e.pointer).sort()).toEqual(['/body/extra', '/body/other']);
    expect(p.errors!.find((e) => e.pointer === '/body/extra')!.message).toContain('extra');
  });

  it('points into nested objects and arrays', () => {
    const schema = z.strictObject({ items: z.array(z.strictObject({ n: z.number() })) });
    const result = schema.safeParse({ items: [{ n: 1 }, { n: 'two', stray: true }] });
    if (result.success) throw new Error('expected a failure');
    expect(
      zodProblem(result.error, 'body')
        .errors!.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/body/items/1/n', '/body/items/1/stray']);
  });

  it('escapes ~ as ~0 and / as ~1 in pointer segments (RFC 6901)', () => {
    const result = z.strictObject({ a: z.record(z.string(), z.number()) }).safeParse({ a: { 'x/y': 'no', 'm~n': 'no', '~1': 'no' } });
    if (result.success) throw new Error('expected a failure');
    expect(
      zodProblem(result.error, 'body')
        .errors!.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/body/a/m~0n', '/body/a/x~1y', '/body/a/~01']);

    const unknown = z.strictObject({}).safeParse({ 'a/b~c': 1 });
    if (unknown.success) throw new Error('expected a failure');
    expect(zodProblem(unknown.error, 'query').errors).toEqual([{ pointer: '/query/a~1b~0c', message: expect.stringContaining('a/b~c') }]);
  });

  it('counts the problems in its detail', () => {
    const result = z.strictObject({ a: z.string(), b: z.number() }).safeParse({ a: 1, b: 'x' });
    if (result.success) throw new Error('expected a failure');
    expect(zodProblem(result.error, 'body').detail).toContain('2 problem');
  });
});

describe('jsonPointer and problem', () => {
  it('builds pointers from a location and a path', () => {
    expect(jsonPointer('body', [])).toBe('/body');
    expect(jsonPointer('body', ['answers', 'q-1', 'value'])).toBe('/body/answers/q-1/value');
    expect(jsonPointer('body', ['list', 0])).toBe('/body/list/0');
    expect(jsonPointer('path', ['~/'])).toBe('/path/~0~1');
  });

  it('leaves errors out when there are none', () => {
    expect(problem('not_found', 'x')).not.toHaveProperty('errors');
    expect(problem('not_found', 'x', [{ pointer: '/p', message: 'm' }]).errors).toHaveLength(1);
  });
});

describe('wwwAuthenticate', () => {
  it('is the bare Bearer challenge when no credentials were sent (RFC 6750 §3)', () => {
    expect(wwwAuthenticate(problem('unauthenticated', 'a bearer token is required'))).toBe('Bearer realm="aim"');
  });

  it('names invalid_token with the detail when a token was sent, in the scheme used', () => {
    expect(wwwAuthenticate(problem('token_expired', 'the bearer token has expired'), 'Bearer')).toBe(
      'Bearer realm="aim", error="invalid_token", error_description="the bearer token has expired"',
    );
    expect(wwwAuthenticate(problem('token_revoked', 'revoked'), 'DPoP')).toBe('DPoP realm="aim", error="invalid_token", error_description="revoked"');
  });

  it('keeps only the characters RFC 6750 allows in error_description', () => {
    const header = wwwAuthenticate(problem('unauthenticated', 'a "quoted" \\ back-slashed, naïve\ndetail'), 'Bearer');
    // The quotes, the backslash, the non-ASCII letter and the line break go.
    expect(header).toBe('Bearer realm="aim", error="invalid_token", error_description="a quoted  back-slashed, navedetail"');
  });
});
