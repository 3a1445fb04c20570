import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { FailedAuthThrottle } from './auth-throttle';
import { clientAddress, resolveClientAddress, SlidingWindowLimiter } from './rate-limit';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('SlidingWindowLimiter', () => {
  it('lets `limit` attempts through per window and client, then says how long to wait', () => {
    const time = clock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 3_600_000, now: time.now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(3600);
    // Another client has its own count.
    expect(limiter.take('b')).toBe(0);
    time.advance(600_000);
    expect(limiter.take('a')).toBe(3000);
  });

  it('slides: each attempt frees its place one window after it was made', () => {
    const time = clock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000, now: time.now });
    expect(limiter.take('a')).toBe(0);
    time.advance(30_000);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(30);
    time.advance(30_000);
    expect(limiter.take('a')).toBe(0); // the first attempt has left the window
    expect(limiter.take('a')).toBe(30);
    time.advance(29_500);
    expect(limiter.retryAfterSeconds('a')).toBe(1); // never 0 while held back
  });

  it('does not count refused attempts, so waiting ends on time', () => {
    const time = clock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, now: time.now });
    expect(limiter.take('a')).toBe(0);
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBeGreaterThan(0);
    time.advance(60_000);
    expect(limiter.take('a')).toBe(0);
  });

  it('remembers a bounded number of clients and times', () => {
    const time = clock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000, now: time.now, maxClients: 100 });
    for (let i = 0; i < 1000; i++) limiter.record(`client-${i}`);
    expect(limiter.size).toBe(100);
    // The least recently counted clients were forgotten; the latest are still counted.
    limiter.record('client-999');
    expect(limiter.retryAfterSeconds('client-999')).toBe(60);
    expect(limiter.retryAfterSeconds('client-0')).toBe(0);
    // Concurrent failures recorded without a check keep only what decides the wait.
    for (let i = 0; i < 1000; i++) limiter.record('busy');
    time.advance(59_000);
    expect(limiter.retryAfterSeconds('busy')).toBe(1);
  });
});

describe('FailedAuthThrottle', () => {
  it('holds back unknown secrets of a client with too many failures, never secrets that authenticated', () => {
    const time = clock();
    const throttle = new FailedAuthThrottle({ limit: 2, windowMs: 60_000, now: time.now });
    throttle.recordSuccess('aim_good');
    throttle.recordFailure('10.0.0.1', 'aim_guess_1');
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_guess_2')).toBe(0);
    throttle.recordFailure('10.0.0.1', 'aim_guess_2');
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_guess_3')).toBe(60);
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_good')).toBe(0);
    // Per client: another address is not held back.
    expect(throttle.retryAfterSeconds('10.0.0.2', 'aim_guess_3')).toBe(0);
    time.advance(60_000);
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_guess_3')).toBe(0);
  });

  it('forgets a known secret once it fails (revoked or expired), and keeps a bounded number', () => {
    const time = clock();
    const throttle = new FailedAuthThrottle({ limit: 1, windowMs: 60_000, now: time.now, maxKnownSecrets: 3 });
    throttle.recordSuccess('aim_revoked');
    throttle.recordFailure('10.0.0.1', 'aim_revoked');
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_revoked')).toBe(60);

    for (const secret of ['aim_1', 'aim_2', 'aim_3']) throttle.recordSuccess(secret);
    throttle.recordSuccess('aim_1'); // used again: now the most recent
    throttle.recordSuccess('aim_4');
    expect(throttle.retryAfterSeconds('10.0.0.1', 'aim_2')).toBe(60); // the least recent was dropped
    for (const secret of ['aim_1', 'aim_3', 'aim_4']) expect(throttle.retryAfterSeconds('10.0.0.1', secret)).toBe(0);
  });
});

describe('clientAddress', () => {
  const SECRET = 'a-secret-cloudfront-adds-to-every-origin-request';
  const trusted = { header: 'x-aim-origin-verify', secret: SECRET };
  /** A request as API Gateway hands it over: its source address is the connection's (CloudFront's, behind CloudFront). */
  async function addressOf(headers: Record<string, string>, trust?: typeof trusted) {
    const app = new Hono();
    app.use('*', async (c, next) => {
      c.set('clientAddress', resolveClientAddress(c, trust));
      await next();
    });
    app.get('/', (c) => c.text(clientAddress(c)));
    const res = await app.request('/', { headers }, { event: { requestContext: { http: { sourceIp: '130.176.0.10' } } } });
    return res.text();
  }

  it("takes CloudFront-Viewer-Address from a request that carries the distribution's secret", async () => {
    expect(await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': '203.0.113.7:50312' }, trusted)).toBe('203.0.113.7');
    expect(await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': '2001:db8::1:50312' }, trusted)).toBe('2001:db8::1');
    expect(await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': '[2001:db8::2]:443' }, trusted)).toBe('2001:db8::2');
  });

  it('keeps the source address when the secret is missing or wrong, or nothing is trusted', async () => {
    const spoofed = { 'cloudfront-viewer-address': '198.51.100.1:443' };
    expect(await addressOf(spoofed, trusted)).toBe('130.176.0.10');
    expect(await addressOf({ ...spoofed, 'x-aim-origin-verify': `${SECRET.slice(0, -1)}x` }, trusted)).toBe('130.176.0.10');
    expect(await addressOf({ ...spoofed, 'x-aim-origin-verify': 'short' }, trusted)).toBe('130.176.0.10');
    expect(await addressOf({ ...spoofed, 'x-aim-origin-verify': SECRET })).toBe('130.176.0.10');
  });

  it('keeps the source address when the trusted request has no usable viewer address', async () => {
    expect(await addressOf({ 'x-aim-origin-verify': SECRET }, trusted)).toBe('130.176.0.10');
    expect(await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': 'not an address' }, trusted)).toBe('130.176.0.10');
  });

  it('gives each viewer behind CloudFront its own failure count', async () => {
    const throttle = new FailedAuthThrottle({ limit: 1, windowMs: 60_000 });
    const guesser = await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': '203.0.113.7:1' }, trusted);
    const other = await addressOf({ 'x-aim-origin-verify': SECRET, 'cloudfront-viewer-address': '203.0.113.8:1' }, trusted);
    throttle.recordFailure(guesser, 'aim_wrong');
    expect(throttle.retryAfterSeconds(guesser, 'aim_guess')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(other, 'aim_guess')).toBe(0);
  });
});
