/**
 * The signer of agents' tokens in AWS, from configuration: rotating keys named by a pointer
 * (a Secrets Manager secret, docs/security.md "Signing key"), else the one fixed key, else none.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SigningKeyPointerSchema } from '../../core/access/signing-key-rotation';
import type { AccessTokenSigner } from '../../services/ports';
import { secretsManagerReader } from '../secrets/secrets-manager';
import { kmsSigner, rotatingKmsSigner } from './kms-signer';

export interface AgentTokenSignerConfig {
  AWS_REGION: string;
  AIM_AGENT_SIGNING_KEY_ARN?: string;
  AIM_AGENT_SIGNING_KEY_POINTER_ARN?: string;
}

export function agentTokenSigner(
  config: AgentTokenSignerConfig,
  instrument: <C extends KMSClient | SecretsManagerClient>(client: C) => C,
): AccessTokenSigner | undefined {
  if (!config.AIM_AGENT_SIGNING_KEY_ARN) return undefined;
  const kms = instrument(new KMSClient({ region: config.AWS_REGION }));
  const pointerId = config.AIM_AGENT_SIGNING_KEY_POINTER_ARN;
  if (!pointerId) return kmsSigner(kms, config.AIM_AGENT_SIGNING_KEY_ARN);
  const secrets = secretsManagerReader({ region: config.AWS_REGION, instrument });
  return rotatingKmsSigner(kms, { readPointer: async () => SigningKeyPointerSchema.parse(JSON.parse(await secrets.read(pointerId))) });
}
