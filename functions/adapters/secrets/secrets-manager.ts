/** Reads secret strings from AWS Secrets Manager. One technology: the Secrets Manager client. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretReader {
  /** The current value (AWSCURRENT) of a string secret. */
  read(secretId: string): Promise<string>;
}

export interface SecretsManagerOptions {
  region: string;
  /** Wraps the client, e.g. for X-Ray tracing. */
  instrument?: (client: SecretsManagerClient) => SecretsManagerClient;
}

export function secretsManagerReader(options: SecretsManagerOptions): SecretReader {
  const built = new SecretsManagerClient({ region: options.region });
  const client = options.instrument ? options.instrument(built) : built;
  return {
    async read(secretId) {
      const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (typeof result.SecretString !== 'string') throw new Error(`secret ${secretId} has no string value`);
      return result.SecretString;
    },
  };
}
