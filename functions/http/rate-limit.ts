/**
 * A sliding-window count per client: at most `limit` events in any `windowMs`. In
 * memory, per process (per Lambda instance in AWS, where API Gateway's stage throttling
 * is the fleet-wide layer). Bounded: at most `maxClients` clients and `limit` times each.
 */
import type { Context } from 'hono';
import { DomainError } from '../core/errors';

export interface SlidingWindowOptions {
  /** Events allowed per window and client. */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Clients remembered at most, so that many addresses cannot exhaust memory. */
  maxClients?: number;
}

export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: SlidingWindowOptions) {
    this.now = options.now ?? Date.now;
  }

  private recent(client: string): number[] {
    const since = this.now() - this.options.windowMs;
    const times = (this.events.get(client) ?? []).filter((t) => t > since);
    if (times.length) this.events.set(client, times);
    else this.events.delete(client);
    return times;
  }

  /** Seconds the client must wait, or 0 when it may go ahead. */
  retryAfterSeconds(client: string): number {
    const times = this.recent(client);
    if (times.length < this.options.limit) return 0;
    const oldestCounted = times[times.length - this.options.limit]!;
    return Math.max(1, Math.ceil((oldestCounted + this.options.windowMs - this.now()) / 1000));
  }

  /** Counts one event of the client. */
  record(client: string): void {
    const times = this.recent(client);
    times.push(this.now());
    // Only the last `limit` times decide; concurrent requests cannot grow the list.
    if (times.length > this.options.limit) times.splice(0, times.length - this.options.limit);
    this.events.delete(client);
    this.events.set(client, times);
    const max = this.options.maxClients ?? 10_000;
    // Maps keep insertion order: the first key is the client counted least recently.
    while (this.events.size > max) this.events.delete(this.events.keys().next().value!);
  }

  /** Counts one attempt when the client is within its limit (0); otherwise counts nothing and returns the seconds to wait. */
  take(client: string): number {
    const wait = this.retryAfterSeconds(client);
    if (wait === 0) this.record(client);
    return wait;
  }

  /** Clients currently remembered (for tests of the bound). */
  get size(): number {
    return this.events.size;
  }
}

/**
 * How a request proves it came through AIM's own CloudFront distribution: CloudFront adds
 * `header` with `secret` (generated per deployment) to every origin request, and nobody
 * else knows the secret. Only such a request's `CloudFront-Viewer-Address` is believed.
 */
export interface TrustedProxy {
  header: string;
  secret: string;
}

/** The header CloudFront adds with the viewer's address and port (`203.0.113.7:443`, `[2001:db8::1]:443` or `2001:db8::1:443`). */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

declare module 'hono' {
  interface ContextVariableMap {
    /** The caller's address, resolved once per request (app.ts). */
    clientAddress: string;
  }
}

/** The address the connection came from: API Gateway's source IP in Lambda, the socket's peer locally. */
function sourceAddress(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The address part of CloudFront-Viewer-Address (its port, after the last colon, dropped). */
function viewerAddress(value: string | undefined): string | undefined {
  const colon = value?.lastIndexOf(':') ?? -1;
  if (!value || colon <= 0) return undefined;
  const address = value.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return /^[0-9A-Fa-f.:]{2,45}$/.test(address) ? address : undefined;
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * The real client's address. Behind CloudFront (AWS), the source address is CloudFront's,
 * so the viewer's address is taken from `CloudFront-Viewer-Address`, but only when the
 * request carries the trusted proxy's secret header; anyone else could set that header
 * themselves. Otherwise (locally, or a request that bypassed CloudFront) the source address.
 */
export function resolveClientAddress(c: Context, trusted?: TrustedProxy): string {
  if (trusted?.secret) {
    const presented = c.req.header(trusted.header);
    if (presented !== undefined && sameSecret(presented, trusted.secret)) {
      const viewer = viewerAddress(c.req.header(VIEWER_ADDRESS_HEADER));
      if (viewer) return viewer;
    }
  }
  return sourceAddress(c);
}

/** The caller's address as resolved for this request (resolveClientAddress), else the source address. */
export function clientAddress(c: Context): string {
  return c.get('clientAddress') ?? sourceAddress(c);
}

/** Counts one attempt of the caller's address, or answers 429 `too_many_requests` with Retry-After when it has had its share. */
export function rateLimit(limiter: SlidingWindowLimiter | undefined, c: Context, what: string): void {
  const wait = limiter?.take(clientAddress(c)) ?? 0;
  if (wait > 0) throw new DomainError('too_many_requests', `too many ${what} from this client; retry in ${wait} s`, [], { retryAfter: wait });
}
