/**
 * Static keys are for scripts and agents, never for people: people sign in (sessions), so
 * every key acts as an agent and the audit trail never records a script as a person.
 *
 * A key with a privileged role (owner, admin) is an exception: it must say why (the reason
 * is kept on the key, listed with it and recorded in its mint event), and it is just in
 * time: it lives PRIVILEGED_KEY_LIFETIME_HOURS, never days (docs/security.md, "Keys").
 */
import type { FieldProblem } from '../errors';
import { PRIVILEGED_KEY_LIFETIME_HOURS } from './key-lifetime';
import type { ActorType, Role } from './principal';

export const PRIVILEGED_ROLES: readonly Role[] = ['owner', 'admin'];

/** How long a privileged key's recorded exception may be, in characters. */
export const KEY_EXCEPTION_LENGTH = { min: 10, max: 500 } as const;

/** The exception recorded automatically on the owner key a scripted registration hands out. */
export const SCRIPTED_REGISTRATION_EXCEPTION = 'first owner key of an organisation registered by a script (POST /v1/organisations without a session)';

/** Why a person may not hold a key: shown where a request asks for a `human` key. */
export const PEOPLE_SIGN_IN = 'keys are for scripts and agents: people sign in as themselves (a session), so a key is never a person';

export const isPrivilegedRole = (role: Role) => PRIVILEGED_ROLES.includes(role);

/** A key asked for a person: refused, whatever its role. */
export function humanKeyProblems(actorType: ActorType): FieldProblem[] {
  return actorType === 'human' ? [{ field: ['actorType'], message: PEOPLE_SIGN_IN }] : [];
}

/**
 * An invitation for an agent yields a static key without a recorded exception, so it may
 * not carry a privileged role; a person invited as owner signs in to accept.
 */
export function agentInvitationRoleProblems(actorType: ActorType, role: Role): FieldProblem[] {
  if (actorType !== 'agent' || !isPrivilegedRole(role)) return [];
  return [
    {
      field: ['role'],
      message: `an invitation for an agent may not have the ${role} role: its key would be privileged; invite a person, or give the agent respondent or leader`,
    },
  ];
}

/** A privileged key is just in time: its lifetime is fixed at PRIVILEGED_KEY_LIFETIME_HOURS, so asking for days is refused. */
export function privilegedKeyLifetimeProblems(role: Role, expiresInDays: number | undefined): FieldProblem[] {
  if (!isPrivilegedRole(role) || expiresInDays === undefined) return [];
  return [
    {
      field: ['expiresInDays'],
      message: `a ${role} key is just in time: it lives ${PRIVILEGED_KEY_LIFETIME_HOURS} hour; leave expiresInDays out and mint a new one when needed`,
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
