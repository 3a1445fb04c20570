/**
 * Slows down guessing: a client whose bearer tokens failed too often within a window
 * gets 429 with Retry-After until the window has moved on. In memory, per process (per
 * Lambda instance in AWS, where API Gateway throttling and WAF rate rules add the
 * fleet-wide layer).
 */
import type { Context } from 'hono';

export interface AuthThrottleOptions {
  /** Failed authentications allowed per window and client. */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Clients remembered at most, so that many addresses cannot exhaust memory. */
  maxClients?: number;
}

export class FailedAuthThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: AuthThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  private recent(client: string): number[] {
    const since = this.now() - this.options.windowMs;
    const times = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (times.length) this.failures.set(client, times);
    else this.failures.delete(client);
    return times;
  }

  /** Seconds the client must wait, or 0 when it may try. */
  retryAfterSeconds(client: string): number {
    const times = this.recent(client);
    if (times.length < this.options.limit) return 0;
    const oldestCounted = times[times.length - this.options.limit]!;
    return Math.max(1, Math.ceil((oldestCounted + this.options.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const times = this.recent(client);
    times.push(this.now());
    this.failures.delete(client);
    this.failures.set(client, times);
    const max = this.options.maxClients ?? 10_000;
    // Maps keep insertion order: the first key is the least recently failing client.
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }
}

/** The caller's address: API Gateway's source IP in Lambda, the socket's peer locally. */
export function clientAddress(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
