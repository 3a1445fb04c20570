/**
 * Lambda entry point of the Secrets Manager rotation of the api's Cognito client secret
 * (services/client-secret-rotation.ts; docs/deploy.md, "Signing in"). Wiring only.
 */
import type { Context } from 'aws-lambda';
import { cognitoClientSecrets } from '../adapters/cognito/client-secrets';
import { createObservability, loggerSink, observed } from '../adapters/observability';
import { secretsManagerRotatingSecret } from '../adapters/secrets/rotating-secret';
import { ClientSecretRotation, type RotationStep } from '../services/client-secret-rotation';

const obs = createObservability('aim-oidc-client-secret-rotation');
const log = loggerSink(obs.logger);
const region = process.env.AWS_REGION ?? 'us-east-1';
const userPoolId = process.env.AIM_COGNITO_USER_POOL_ID ?? '';
const clientId = process.env.AIM_COGNITO_CLIENT_ID ?? '';

/** What Secrets Manager sends a rotation function. */
interface RotationEvent {
  Step: RotationStep;
  SecretId: string;
  ClientRequestToken: string;
}

export const handler = observed(obs, 'rotate', async (event: RotationEvent, _context: Context) => {
  const rotation = new ClientSecretRotation({
    provider: cognitoClientSecrets({ region, userPoolId, clientId, instrument: (c) => obs.tracer.captureAWSv3Client(c) }),
    secret: secretsManagerRotatingSecret({ region, secretId: event.SecretId, instrument: (c) => obs.tracer.captureAWSv3Client(c) }),
    log,
  });
  log({ level: 'info', msg: 'rotation step', step: event.Step, versionId: event.ClientRequestToken });
  await rotation.run(event.Step, event.ClientRequestToken);
});
