/**
 * The OpenID client secret kept in Secrets Manager (AIM_OIDC_CLIENT_SECRET_ARN), read once
 * per Lambda execution environment before the first request, like the bootstrap admin
 * token; a failure is logged and retried on the next request (only sign-in needs it).
 */
import type { SecretReader } from './secrets-manager';

export function lazyOidcClientSecret(deps: {
  secrets: SecretReader;
  secretId: string;
  apply(secret: string): void;
  log?: (entry: Record<string, unknown>) => void;
}): () => Promise<void> {
  let done: Promise<void> | undefined;
  return async () => {
    done ??= (async () => {
      const secret = (await deps.secrets.read(deps.secretId)).trim();
      if (!secret) throw new Error('the OpenID client secret is empty');
      deps.apply(secret);
    })();
    try {
      await done;
    } catch (error) {
      done = undefined;
      deps.log?.({ level: 'error', msg: 'could not read the OpenID client secret; retrying on the next request', error: String(error) });
    }
  };
}

/**
 * Reads the secret again, for the relying party when the provider refused the one it holds
 * (rotated: infra/lib/user-pool.ts, or by the operator of an external provider). Concurrent
 * refusals share one read.
 */
export function rereadOidcClientSecret(deps: { secrets: SecretReader; secretId: string; apply(secret: string): void }): () => Promise<void> {
  let reading: Promise<void> | undefined;
  return () => {
    reading ??= (async () => {
      try {
        const secret = (await deps.secrets.read(deps.secretId)).trim();
        if (!secret) throw new Error('the OpenID client secret is empty');
        deps.apply(secret);
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };
}
