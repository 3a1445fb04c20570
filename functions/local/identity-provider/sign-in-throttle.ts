export const MAX_FAILED_SIGN_INS = 10;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Counts failed sign-ins per (normalised) email in memory: after MAX_FAILED_SIGN_INS failures
 * within THROTTLE_WINDOW_MS, that email is refused for THROTTLE_WINDOW_MS, right password or not.
 * Enough to slow password guessing against a local provider; lost on restart.
 */
export class SignInThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #lockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  isLocked(email: string): boolean {
    const until = this.#lockedUntil.get(email);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#lockedUntil.delete(email);
    return false;
  }

  recordFailure(email: string): void {
    const now = this.now();
    const recent = (this.#failures.get(email) ?? []).filter((at) => at > now - THROTTLE_WINDOW_MS);
    recent.push(now);
    if (recent.length >= MAX_FAILED_SIGN_INS) {
      this.#lockedUntil.set(email, now + THROTTLE_WINDOW_MS);
      this.#failures.delete(email);
    } else {
      this.#failures.set(email, recent);
    }
  }

  recordSuccess(email: string): void {
    this.#failures.delete(email);
  }
}
