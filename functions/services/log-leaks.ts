/**
 * Secrets found in log entries are revoked (docs/security.md, "Leaked secrets"): the
 * logger masks them and hands each one here (adapters/observability/secret-masking.ts);
 * this revokes them one after another, in the background, so that writing a log line
 * neither waits for the table nor fails with it. Bounded: each secret is taken once (by
 * its hash), and a log storm beyond the queue's size is dropped and counted, never
 * queued without end. Nothing here logs a secret, or anything while a line is being written.
 */
import { sha256 } from './hashing';

export interface LogLeakDeps {
  /** Revokes what the secret gives access to (LeakedSecretService.foundInLog). */
  revoke(secret: string): Promise<unknown>;
  /** Failures and drops, never the secret. */
  log?: (entry: Record<string, unknown>) => void;
  /** Secrets waiting at most (default 100); more are dropped until the queue drains. */
  maxPending?: number;
  /** Hashes of secrets already taken, remembered at most (default 1000; the oldest is forgotten first). */
  maxRemembered?: number;
}

export class LogLeakRevoker {
  private readonly seen = new Set<string>();
  private readonly pending: string[] = [];
  private running: Promise<void> | undefined;
  private dropped = 0;

  constructor(private readonly deps: LogLeakDeps) {}

  /** The logger's listener: called while a line is serialised, so it only queues. */
  readonly accept = (secret: string): void => {
    const hash = sha256(secret);
    if (this.seen.has(hash)) return;
    if (this.pending.length >= (this.deps.maxPending ?? 100)) {
      this.dropped++;
      return;
    }
    this.seen.add(hash);
    if (this.seen.size > (this.deps.maxRemembered ?? 1000)) this.seen.delete(this.seen.values().next().value!);
    this.pending.push(secret);
    // Started on a later turn: the line being written is never held up by the table.
    this.running ??= Promise.resolve().then(() => this.drain());
  };

  /** Resolves once every secret taken so far has been handled (a Lambda handler awaits it before its invocation ends). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let secret = this.pending.shift(); secret !== undefined; secret = this.pending.shift()) {
        try {
          await this.deps.revoke(secret);
        } catch (error) {
          // Forgotten, so that its next appearance in a log tries again.
          this.seen.delete(sha256(secret));
          this.deps.log?.({ level: 'error', msg: 'could not revoke a secret found in a log entry', error: (error as Error)?.name ?? 'Error' });
        }
      }
      if (this.dropped) {
        this.deps.log?.({ level: 'warn', msg: 'secrets found in log entries were not revoked: too many at once', dropped: this.dropped });
        this.dropped = 0;
      }
    } finally {
      this.running = undefined;
    }
  }
}
