/**
 * Platform agents, the pure parts (docs/security.md, "Federation only"): agents of no
 * organisation, registered by a platform admin, that authenticate only with workload
 * identity federation and hold the admin role narrowed to a few platform operations,
 * e.g. a pipeline that registers organisations under AIM_AGENT_CREDENTIALS=federated-only.
 */
import type { FieldProblem } from '../errors';
import type { Operation } from './policy';

/** The operations a platform agent may be given: registering organisations, nothing that reads or grants. */
export const PLATFORM_AGENT_SCOPES = ['organisations.register'] as const satisfies readonly Operation[];

/** The role every platform agent holds; its scopes narrow it to PLATFORM_AGENT_SCOPES at most. */
export const PLATFORM_AGENT_ROLE = 'admin' as const;

/** The operations a platform agent gets: those requested (default: all PLATFORM_AGENT_SCOPES), and always reading its own session. */
export function platformAgentScopes(requested: readonly string[] | undefined): { scopes: Operation[]; problems: FieldProblem[] } {
  const allowed: readonly string[] = PLATFORM_AGENT_SCOPES;
  const problems: FieldProblem[] = [];
  (requested ?? []).forEach((scope, i) => {
    if (!allowed.includes(scope)) problems.push({ field: ['scopes', i], message: `a platform agent may not perform ${scope}` });
  });
  const chosen = new Set<string>(requested ?? allowed);
  return { scopes: ['session.read', ...PLATFORM_AGENT_SCOPES.filter((operation) => chosen.has(operation))], problems };
}
