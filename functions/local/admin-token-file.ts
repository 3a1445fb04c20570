/**
 * The local bootstrap secret kept in `<dataDir>/admin-token`. The bootstrap credential
 * lives BOOTSTRAP_LIFETIME_HOURS, so the operator's tool (`npm run admin:grant`) writes a
 * new secret there when the old one has expired; a running platform notices the file
 * changed on its next API request and applies the new secret before answering it (the
 * previous bootstrap credential is revoked, as on any rotation). Nothing changes when the
 * secret comes from AIM_ADMIN_TOKEN instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export const adminTokenPath = (dataDir: string) => join(dataDir, ADMIN_TOKEN_FILE);

/** A new bootstrap secret in the format AIM generates (`aim_` and 256 random bits). */
export const newAdminSecret = () => `aim_${randomBytes(32).toString('base64url')}`;

export function readAdminToken(dataDir: string): string | undefined {
  const file = adminTokenPath(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Replaces the secret in one step (write, then rename), readable by its owner only. */
export function writeAdminToken(dataDir: string, secret: string): void {
  const file = adminTokenPath(dataDir);
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, `${secret}\n`, { mode: 0o600 });
  renameSync(next, file);
}

/** What identifies one version of the file without reading it. */
const versionOf = (file: string) => {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
};

/**
 * Returns a function to await before each API request: when the file changed since the
 * secret in use was read, it applies the new secret (one application at a time).
 */
export function adminTokenFileWatch(options: { dataDir: string; current: string; apply(secret: string): Promise<void>; log?: (line: string) => void }) {
  const file = adminTokenPath(options.dataDir);
  let seen = versionOf(file);
  let current = options.current;
  let applying: Promise<void> | undefined;
  const refresh = async () => {
    const version = versionOf(file);
    if (version === seen || !version) return;
    const secret = readAdminToken(options.dataDir);
    if (secret && secret !== current) {
      await options.apply(secret);
      current = secret;
      options.log?.('applied the new bootstrap admin secret from the admin-token file');
    }
    seen = version;
  };
  return {
    /** The secret in use. */
    current: () => current,
    async check(): Promise<void> {
      applying ??= refresh().finally(() => {
        applying = undefined;
      });
      await applying;
    },
  };
}
