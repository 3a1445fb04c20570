/**
 * Which credentials agents may hold in AWS (AIM_AGENT_CREDENTIALS; docs/security.md,
 * "Federation only"): `federated-only` by default, so no agent of the deployment holds a
 * stored AIM secret; context `aim:agentCredentials=any` opts out (keys and `jwk` agents).
 */
import type { Construct } from 'constructs';
import { AGENT_CREDENTIAL_MODES, type AgentCredentialMode } from '../../functions/core/access/credential-policy';

export const AGENT_CREDENTIALS_CONTEXT = 'aim:agentCredentials';

export function agentCredentials(scope: Construct): AgentCredentialMode {
  const value: unknown = scope.node.tryGetContext(AGENT_CREDENTIALS_CONTEXT);
  if (value === undefined || value === null || value === '') return 'federated-only';
  if (!(AGENT_CREDENTIAL_MODES as readonly unknown[]).includes(value))
    throw new Error(`Context ${AGENT_CREDENTIALS_CONTEXT} must be one of ${AGENT_CREDENTIAL_MODES.join(', ')}: ${String(value)}`);
  return value as AgentCredentialMode;
}
