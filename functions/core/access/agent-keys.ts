/**
 * Static keys for agents (scripts and migration) never carry privileged roles: owning an
 * organisation or administering the platform stays with people, who sign in. An agent
 * that needs more than answering or reading gets a registration with scopes, or acts for
 * a person through a delegation (docs/security.md, "Agents").
 */
import type { FieldProblem } from '../errors';
import type { ActorType, Role } from './principal';

export const PRIVILEGED_ROLES: readonly Role[] = ['owner', 'admin'];

/** Why a key for this actor type may not have this role; none when it may. */
export function agentKeyRoleProblems(actorType: ActorType, role: Role): FieldProblem[] {
  if (actorType !== 'agent' || !PRIVILEGED_ROLES.includes(role)) return [];
  return [
    {
      field: ['role'],
      message: `an agent's key may not have the ${role} role: privileged roles are for people; give the agent respondent or leader (or analyst)`,
    },
  ];
}
