/**
 * The bootstrap admin token kept in Secrets Manager, applied once per Lambda execution
 * environment (cold start) on the first request rather than at import time, so a
 * Secrets Manager hiccup costs one retry instead of a failed initialisation. Applying the
 * same value again does not renew the credential's 24-hour window (BOOTSTRAP_LIFETIME_HOURS):
 * a new value does, from the first request of an environment started after it was put.
 */
import { z } from 'zod';
import type { SecretReader } from './secrets-manager';

const AdminSecret = z.string().trim().min(24, 'the admin token secret must be at least 24 characters');

export interface BootstrapAdminDeps {
  secrets: SecretReader;
  secretId: string;
  /** Makes the secret the valid bootstrap admin token (TokenService.ensureBootstrapAdmin). */
  ensureBootstrapAdmin(secret: string): Promise<void>;
  log?: (entry: Record<string, unknown>) => void;
}

/**
 * Returns a function to await before each request: the first call reads the secret and
 * registers it; later calls resolve at once. A failure is logged and retried on the next
 * request; the request itself goes on (only admin calls need the token).
 */
export function lazyBootstrapAdmin(deps: BootstrapAdminDeps): () => Promise<void> {
  let done: Promise<void> | undefined;
  return async () => {
    done ??= (async () => {
      const secret = AdminSecret.parse(await deps.secrets.read(deps.secretId));
      await deps.ensureBootstrapAdmin(secret);
    })();
    try {
      await done;
    } catch (error) {
      done = undefined;
      deps.log?.({
        level: 'error',
        msg: 'could not apply the bootstrap admin secret; retrying on the next request',
        error: error instanceof z.ZodError ? z.prettifyError(error) : String(error),
      });
    }
  };
}
