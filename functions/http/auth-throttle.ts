/**
 * Slows down guessing without locking out those who hold a valid token: a client whose
 * bearer tokens failed too often within a window gets 429 with Retry-After for secrets
 * this process has not seen authenticate, until the window has moved on. Requests without
 * a token are not guesses and are never held back; secrets that authenticated here
 * recently are authenticated in full as usual (so revocation and expiry still apply).
 *
 * No guessing oracle: while a client is throttled, an unknown secret is answered 429
 * before anything is looked up, so every guess gets the same answer whether or not it
 * would have been valid. The only secrets still looked up are those this process has
 * already seen succeed, which their holder knows anyway. In memory, per process (per
 * Lambda instance in AWS, where API Gateway throttling adds the fleet-wide layer).
 */
import { sha256 } from '../services/hashing';
import { SlidingWindowLimiter } from './rate-limit';

export { clientAddress } from './rate-limit';

export interface AuthThrottleOptions {
  /** Failed authentications allowed per window and client. */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Clients remembered at most, so that many addresses cannot exhaust memory. */
  maxClients?: number;
  /** Recently authenticated secrets (their SHA-256) remembered at most. */
  maxKnownSecrets?: number;
}

export class FailedAuthThrottle {
  private readonly failures: SlidingWindowLimiter;
  /** SHA-256 of secrets that authenticated in this process, least recently first. */
  private readonly known = new Set<string>();

  constructor(private readonly options: AuthThrottleOptions) {
    this.failures = new SlidingWindowLimiter(options);
  }

  /**
   * Seconds the client must wait before `secret` is looked up, or 0 when it may try:
   * always 0 for a secret that authenticated here recently.
   */
  retryAfterSeconds(client: string, secret?: string): number {
    if (secret !== undefined && this.known.has(sha256(secret))) return 0;
    return this.failures.retryAfterSeconds(client);
  }

  /** A wrong, expired or revoked secret: counts against the client, and the secret is no longer known good. */
  recordFailure(client: string, secret?: string): void {
    if (secret !== undefined) this.known.delete(sha256(secret));
    this.failures.record(client);
  }

  /** A secret that authenticated: it passes while its client is throttled. */
  recordSuccess(secret: string): void {
    const hash = sha256(secret);
    this.known.delete(hash);
    this.known.add(hash);
    const max = this.options.maxKnownSecrets ?? 10_000;
    // Sets keep insertion order: the first is the secret that authenticated least recently.
    while (this.known.size > max) this.known.delete(this.known.values().next().value!);
  }
}
