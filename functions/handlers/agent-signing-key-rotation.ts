/**
 * Lambda entry point of the scheduled rotation of agents' token-signing key (docs/security.md,
 * "Signing key"): a new KMS key, tagged as this stack's, becomes current; the pointer keeps the
 * old one as previous; the key replaced before that is scheduled for deletion. Wiring only.
 */
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createObservability, loggerSink, observed } from '../adapters/observability';
import { rotateSigningKey, rotationDue, SIGNING_KEY_TAG, SigningKeyPointerSchema } from '../core/access/signing-key-rotation';

/** KMS's shortest waiting period before a key is deleted. */
const DELETION_WINDOW_DAYS = 7;

const obs = createObservability('aim-agent-signing-key-rotation');
const log = loggerSink(obs.logger);
const region = process.env.AWS_REGION ?? 'us-east-1';
const pointerId = process.env.AIM_AGENT_SIGNING_KEY_POINTER_ARN ?? '';
const initialKey = process.env.AIM_AGENT_SIGNING_KEY_ARN ?? '';
const tagValue = process.env.AIM_AGENT_SIGNING_KEY_TAG ?? '';
// Made by the first invocation, once observed() has loaded the tracer that instruments them.
let clients: { kms: KMSClient; secrets: SecretsManagerClient } | undefined;
const clientsOf = () =>
  (clients ??= {
    kms: obs.tracer.captureAWSv3Client(new KMSClient({ region })),
    secrets: obs.tracer.captureAWSv3Client(new SecretsManagerClient({ region })),
  });

export const handler = observed(obs, 'rotate', async () => {
  const { kms, secrets } = clientsOf();
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: pointerId }));
  const pointer = SigningKeyPointerSchema.parse(JSON.parse(SecretString ?? ''));
  const now = new Date().toISOString();
  if (!rotationDue(pointer, now)) {
    log({ level: 'info', msg: 'agent signing key rotated less than an hour ago: nothing to do', rotatedAt: pointer.rotatedAt });
    return;
  }
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Description: "AIM: signs agents' access tokens (ES256), rotated",
      Tags: [{ TagKey: SIGNING_KEY_TAG, TagValue: tagValue }],
    }),
  );
  if (!KeyMetadata?.Arn) throw new Error('KMS returned no key');
  const { pointer: next, retire } = rotateSigningKey(pointer, KeyMetadata.Arn, now, initialKey);
  // The pointer first: a failed deletion below leaves a key unused, never a token unverifiable.
  await secrets.send(new PutSecretValueCommand({ SecretId: pointerId, SecretString: JSON.stringify(next) }));
  log({ level: 'info', msg: 'agent signing key rotated', current: next.current, previous: next.previous });
  if (retire) {
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: retire, PendingWindowInDays: DELETION_WINDOW_DAYS }));
    log({ level: 'info', msg: 'agent signing key scheduled for deletion', key: retire, days: DELETION_WINDOW_DAYS });
  }
});
