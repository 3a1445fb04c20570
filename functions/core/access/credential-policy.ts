/**
 * Which credentials agents may hold (AIM_AGENT_CREDENTIALS; docs/security.md, "Federation
 * only"): `any` (static `aim_…` keys and `jwk` registrations too) or `federated-only`, where
 * an agent presents a token its platform issued and holds no AIM secret anywhere.
 */
import { DomainError } from '../errors';

export const AGENT_CREDENTIAL_MODES = ['any', 'federated-only'] as const;
export type AgentCredentialMode = (typeof AGENT_CREDENTIAL_MODES)[number];

export const FEDERATION_ONLY_MESSAGE =
  'this deployment takes no stored agent credentials (AIM_AGENT_CREDENTIALS=federated-only): register the agent with workload identity federation instead (docs/security.md, "Workload identity federation")';

/** The refusal of a static key or a `jwk` registration, with the OAuth `error` for the token endpoint when asked. */
export const staticCredentialsDisabled = (oauthError?: 'invalid_grant' | 'invalid_client' | 'invalid_token') =>
  new DomainError(
    'static_credentials_disabled',
    FEDERATION_ONLY_MESSAGE,
    [],
    oauthError ? { error: oauthError, error_description: FEDERATION_ONLY_MESSAGE } : undefined,
  );
