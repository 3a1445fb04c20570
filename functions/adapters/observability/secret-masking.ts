/**
 * Log entries never carry a secret: every string the logger serialises (message, attributes,
 * error messages and stacks) has the secrets findSecrets knows replaced by a marker naming
 * their kind, before the line is written. CloudWatch's data protection policy
 * (infra/lib/log-data-protection.ts) is the second net, for lines written some other way.
 */
import { maskSecrets } from '../../core/secrets/patterns';

/** Powertools' `jsonReplacerFn`: called for every key and value it stringifies, errors' formatted fields included. */
export function maskSecretsReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? maskSecrets(value) : value;
}
