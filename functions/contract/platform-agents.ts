/** Platform agents: federated agents of no organisation, with the admin role narrowed to a few platform operations (docs/security.md, "Federation only"). */
import { z } from 'zod';
import { PLATFORM_AGENT_ROLE, PLATFORM_AGENT_SCOPES } from '../core/access/platform-agents';
import { DisplayName } from '../core/display-text';
import { AgentSchema, FederationInput } from './agents';
import { KEY_LIFETIME_DAYS, KeyLifetimeDays } from './identity';

export const RegisterPlatformAgentRequest = z
  .strictObject({
    label: DisplayName(120),
    federation: FederationInput.describe(
      'the workload identity the agent authenticates with, its only credential (e.g. a GitHub Actions workflow, an AWS role)',
    ),
    scopes: z
      .array(z.enum(PLATFORM_AGENT_SCOPES))
      .min(1)
      .max(PLATFORM_AGENT_SCOPES.length)
      .optional()
      .describe(`platform operations the agent may perform; default: all a platform agent may (${PLATFORM_AGENT_SCOPES.join(', ')})`),
    expiresInDays: KeyLifetimeDays().describe(
      `days the registration stays valid: at most ${KEY_LIFETIME_DAYS.max}, ${KEY_LIFETIME_DAYS.default} when left out; register the agent again before then`,
    ),
  })
  .meta({ id: 'RegisterPlatformAgentRequest' });

export const PlatformAgentSchema = AgentSchema.omit({ jwk: true, jkt: true, keys: true })
  .extend({
    organisationId: z.null().describe('none: a platform agent'),
    role: z.literal(PLATFORM_AGENT_ROLE).describe('admin, narrowed by its scopes'),
  })
  .meta({ id: 'PlatformAgent' });

export type RegisterPlatformAgentRequest = z.output<typeof RegisterPlatformAgentRequest>;
export type PlatformAgentView = z.infer<typeof PlatformAgentSchema>;
