/**
 * An agent's credential presented by a browser is a person using the agent's identity
 * interactively (OWASP NHI10, human use of non-human identities): refused, recorded as a
 * refusal in the audit trail, and logged with a fixed message that the deployment alarms on
 * (infra/lib/aim-stack.ts). People sign in as themselves (/auth/login); agents call the API
 * from their own HTTP clients.
 */
import type { Context } from 'hono';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';

/** The log line every refused attempt writes; CloudWatch counts it (a metric filter) and alarms on it. */
export const INTERACTIVE_AGENT_USE_MESSAGE = 'agent credential used from a browser: refused';

/**
 * Browsers send the Fetch Metadata header Sec-Fetch-Site with every request to an https (or
 * localhost) origin, and a page's scripts cannot take it off. Command-line tools and SDKs do
 * not send it; Node's fetch sends Sec-Fetch-Mode alone, which is why Sec-Fetch-Mode is not
 * the signal.
 */
export const fromBrowser = (c: Context) => c.req.header('sec-fetch-site') !== undefined;

/** What contains a detected credential (services/containment.ts). */
export interface Containment {
  contain(credential: { organisationId: string | null; id: string }, reason: string): Promise<unknown>;
}

/** The reason containment records (on the revoked records, in the audit actor's label). */
export const INTERACTIVE_AGENT_USE_REASON = 'agent credential used from a browser';

/**
 * Refuses the request, and with `containment` first revokes everything the credential's
 * identity holds (the principal's tokenId is the key's id, or the agent's for its access
 * tokens), so the person at the browser cannot try again with it, nor can the agent.
 */
export async function refuseInteractiveAgentUse(
  c: Context,
  principal: Principal,
  log?: (entry: Record<string, unknown>) => void,
  containment?: Containment,
): Promise<void> {
  if (principal.actorType !== 'agent' || !fromBrowser(c)) return;
  principal.decisions?.push({ outcome: 'refused', operation: 'interactive-use', reason: 'interactive_agent_use' });
  log?.({
    level: 'warn',
    msg: INTERACTIVE_AGENT_USE_MESSAGE,
    tokenId: principal.tokenId,
    organisationId: principal.organisationId,
    correlationId: principal.correlationId,
    route: principal.request?.route,
  });
  await containment?.contain({ organisationId: principal.organisationId, id: principal.tokenId }, INTERACTIVE_AGENT_USE_REASON);
  throw new DomainError(
    'interactive_agent_use',
    "an agent's credential was presented by a browser: people sign in as themselves, and agents call the API from their own clients",
  );
}
