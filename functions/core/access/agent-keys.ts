/**
 * Static keys for agents (scripts and migration) never carry privileged roles: owning an
 * organisation or administering the platform stays with people, who sign in. An agent
 * that needs more than answering or reading gets a registration with scopes, or acts for
 * a person through a delegation (docs/security.md, "Agents").
 *
 * A person's static key with a privileged role is an exception to that rule of thumb (a
 * script acting with an owner's or admin's power), so it must say why: the reason is kept
 * on the key, listed with it and recorded in its mint event.
 */
import type { FieldProblem } from '../errors';
import type { ActorType, Role } from './principal';

export const PRIVILEGED_ROLES: readonly Role[] = ['owner', 'admin'];

/** How long a privileged key's recorded exception may be, in characters. */
export const KEY_EXCEPTION_LENGTH = { min: 10, max: 500 } as const;

/** The exception recorded automatically on the owner key a scripted registration hands out. */
export const SCRIPTED_REGISTRATION_EXCEPTION = 'first owner key of an organisation registered by a script (POST /v1/organisations without a session)';

/** The exception recorded automatically on an owner key minted by accepting an invitation without signing in. */
export const INVITATION_KEY_EXCEPTION = 'owner key minted by accepting an invitation without signing in';

export const isPrivilegedRole = (role: Role) => PRIVILEGED_ROLES.includes(role);

/** Why a key for this actor type may not have this role; none when it may. */
export function agentKeyRoleProblems(actorType: ActorType, role: Role): FieldProblem[] {
  if (actorType !== 'agent' || !isPrivilegedRole(role)) return [];
  return [
    {
      field: ['role'],
      message: `an agent's key may not have the ${role} role: privileged roles are for people; give the agent respondent or leader (or analyst)`,
    },
  ];
}

/** A privileged key needs its exception; an unprivileged one carries none. */
export function keyExceptionProblems(role: Role, exception: string | undefined): FieldProblem[] {
  if (isPrivilegedRole(role) && !exception)
    return [
      {
        field: ['exception'],
        message: `a key with the ${role} role is an exception: say why a script needs that role (${KEY_EXCEPTION_LENGTH.min} to ${KEY_EXCEPTION_LENGTH.max} characters)`,
      },
    ];
  if (!isPrivilegedRole(role) && exception !== undefined)
    return [{ field: ['exception'], message: `only ${PRIVILEGED_ROLES.join(' and ')} keys record an exception; leave it out for a ${role} key` }];
  return [];
}
