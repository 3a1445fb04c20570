/**
 * The versions and staging labels of one Secrets Manager secret, as a rotation function
 * sees them. One technology: the Secrets Manager client.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { RotatingSecret } from '../../services/client-secret-rotation';

export function secretsManagerRotatingSecret(options: {
  region: string;
  secretId: string;
  instrument?: (client: SecretsManagerClient) => SecretsManagerClient;
}): RotatingSecret {
  const built = new SecretsManagerClient({ region: options.region });
  const client = options.instrument ? options.instrument(built) : built;
  const SecretId = options.secretId;
  return {
    async describe() {
      const d = await client.send(new DescribeSecretCommand({ SecretId }));
      return { rotationEnabled: d.RotationEnabled === true, versions: d.VersionIdsToStages ?? {} };
    },
    async value({ versionId, stage }) {
      try {
        const v = await client.send(new GetSecretValueCommand({ SecretId, VersionId: versionId, VersionStage: stage }));
        return v.SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async putPending(versionId, value) {
      await client.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: versionId, SecretString: value, VersionStages: ['AWSPENDING'] }));
    },
    async promote(versionId, from) {
      await client.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, RemoveFromVersionId: from }));
    },
  };
}
