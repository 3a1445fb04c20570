/**
 * The client secret AIM shares with the embedded OpenID Provider (`npm start`): kept in
 * `<dataDir>/oidc-client-secret` (mode 600) as `{"secret","createdAt"}`, or in memory without a
 * data directory, and replaced once AIM_OIDC_CLIENT_SECRET_ROTATION_DAYS old. A file written by
 * an earlier version (the bare secret) is aged by its modification time.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';

export interface RotatingClientSecret {
  /** The secret to register now. */
  current(): string;
  /** Replaces the secret when it is due; returns the new one, or undefined when it was kept. */
  rotateIfDue(): string | undefined;
}

interface Held {
  secret: string;
  createdMs: number;
}

function read(file: string): Held | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.startsWith('{')) {
    const { secret, createdAt } = JSON.parse(text) as { secret?: unknown; createdAt?: unknown };
    const createdMs = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN;
    if (typeof secret === 'string' && secret && !Number.isNaN(createdMs)) return { secret, createdMs };
    throw new Error(`${file} is not a client secret file: delete it to have a new secret made`);
  }
  return text ? { secret: text, createdMs: statSync(file).mtimeMs } : undefined;
}

export function rotatingClientSecret(options: {
  /** Without one the secret is kept in memory (and still rotated in a long-running process). */
  file?: string;
  rotateAfterDays: number;
  generate: () => string;
  now?: () => number;
}): RotatingClientSecret {
  const now = options.now ?? Date.now;
  const rotateAfterMs = options.rotateAfterDays * 86_400_000;
  const make = (): Held => {
    const held = { secret: options.generate(), createdMs: now() };
    if (options.file) {
      writeFileSync(options.file, `${JSON.stringify({ secret: held.secret, createdAt: new Date(held.createdMs).toISOString() })}\n`, { mode: 0o600 });
      // `mode` applies only to a new file: an older file keeps whatever it had.
      chmodSync(options.file, 0o600);
    }
    return held;
  };
  let held = (options.file ? read(options.file) : undefined) ?? make();
  const due = () => now() - held.createdMs >= rotateAfterMs;
  // Checked at start: a secret that aged while AIM was stopped is replaced before it is registered.
  if (due()) held = make();
  return {
    current: () => held.secret,
    rotateIfDue() {
      if (!due()) return undefined;
      held = make();
      return held.secret;
    },
  };
}
