/**
 * CloudWatch Logs data protection for the functions' log groups: secrets that reach a log
 * line despite the logger's own masking (functions/adapters/observability/secret-masking.ts),
 * say from the runtime or a dependency writing to stdout, are masked for everyone without
 * logs:Unmask and counted as findings (the LogEventsWithFindings metric). AWS's managed
 * identifiers cover cloud and private keys; custom ones cover AIM's own keys and invitation codes.
 */
import { aws_logs as logs } from 'aws-cdk-lib';

/**
 * AIM keys and invitation codes as CloudWatch matches them: the prefix and 43 base64url
 * characters (functions/core/secrets/patterns.ts; CloudWatch's regexes have no lookarounds,
 * so a longer run is masked too, which errs the safe way).
 */
export const AIM_KEY_REGEX = 'aim_[A-Za-z0-9_-]{43}';
export const AIM_INVITATION_REGEX = 'inv_[A-Za-z0-9_-]{43}';

/** The managed identifiers used: secrets only (no personal-data identifiers: AIM logs none, and they would cost findings on ids). */
export const MANAGED_SECRET_IDENTIFIERS = [
  logs.DataIdentifier.AWSSECRETKEY,
  logs.DataIdentifier.OPENSSHPRIVATEKEY,
  logs.DataIdentifier.PGPPRIVATEKEY,
  logs.DataIdentifier.PKCSPRIVATEKEY,
  logs.DataIdentifier.PUTTYPRIVATEKEY,
];

/** The policy every function's log group gets (aim-function.ts): audit and mask. */
export function logDataProtectionPolicy(): logs.DataProtectionPolicy {
  return new logs.DataProtectionPolicy({
    name: 'aim-secrets',
    description: 'Masks and audits leaked secrets: AWS secret keys, private keys, AIM keys and invitation codes',
    identifiers: [
      ...MANAGED_SECRET_IDENTIFIERS,
      new logs.CustomDataIdentifier('AimKey', AIM_KEY_REGEX),
      new logs.CustomDataIdentifier('AimInvitationCode', AIM_INVITATION_REGEX),
    ],
  });
}
