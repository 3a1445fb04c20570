/**
 * The sensitivity classes of AIM's own data, and the one place that says which classes
 * each audit action and each policy operation (an agent's scope) touches
 * (docs/security.md, "Data classes").
 *
 * - `public`: published questionnaires and the synthetic demo benchmarks; anyone may read them.
 * - `internal`: an organisation's profile, settings, members and roles; released benchmark
 *   figures and cohort statistics. Harmless alone, not for outsiders.
 * - `confidential`: what an organisation says about itself: assessments, answers and
 *   comments, scores, reports, benchmark positions, plans and evidence.
 * - `restricted`: what grants access or proves what happened: keys, agents' registrations,
 *   delegations, invitations (their codes), sign-ins and sessions, and the audit trail itself.
 */
import type { Operation } from './policy';
import { operationsOf } from './policy';
import type { Role } from './principal';

export const DATA_CLASSES = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

const EVERYTHING: readonly DataClass[] = ['internal', 'confidential', 'restricted'];

/** The classes each policy operation reads or changes: an agent scoped to it can reach them. */
export const OPERATION_CLASSES = {
  'session.read': ['internal'],
  'tokens.mint': ['restricted'],
  'tokens.list': ['restricted'],
  'tokens.revoke': ['restricted'],
  'agents.register': ['restricted'],
  'agents.list': ['restricted'],
  'agents.revoke': ['restricted'],
  'members.list': ['internal'],
  'members.manage': ['internal'],
  'invitations.create': ['restricted'],
  'invitations.list': ['restricted'],
  'invitations.revoke': ['restricted'],
  'audit.read': ['restricted'],
  // The export and the erasure take the organisation's whole partition.
  'organisation.export': EVERYTHING,
  'organisation.delete': EVERYTHING,
  'assessments.reopen': ['confidential'],
  'assessments.create': ['confidential'],
  'assessments.list': ['confidential'],
  'assessments.read': ['confidential'],
  'assessments.answer': ['confidential'],
  'assessments.submit': ['confidential'],
  'assessments.upgrade': ['confidential'],
  // The organisation's position (confidential) among released figures (internal).
  'assessments.benchmark': ['internal', 'confidential'],
  'assessments.report': ['confidential'],
  // Facts about the organisation's identities (never the identities themselves).
  'evidence.import': ['confidential'],
  'evidence.read': ['confidential'],
  'targets.read': ['confidential'],
  'targets.write': ['confidential'],
  'plan.read': ['confidential'],
  'plan.write': ['confidential'],
  'plan.updateOwn': ['confidential'],
  'milestones.read': ['confidential'],
  'milestones.write': ['confidential'],
  'scopes.read': ['confidential'],
  'scopes.write': ['internal'],
  'benchmarks.read': ['internal'],
  'organisation.settings': ['internal'],
  // A registration makes a profile and its first owner's credential.
  'organisations.register': ['internal', 'restricted'],
  'organisations.queue': ['internal'],
  'organisations.verify': ['internal'],
  'memberships.grant': ['internal'],
  'platformAgents.register': ['restricted'],
  'platformAgents.list': ['restricted'],
  'platformAgents.revoke': ['restricted'],
} as const satisfies Record<Operation, readonly DataClass[]>;

/**
 * Change events by their operation's first segment (`assessment.answer` → `assessment`);
 * an exact name wins over its family.
 */
const CHANGE_CLASSES: Record<string, readonly DataClass[]> = {
  assessment: ['confidential'],
  reports: ['confidential'],
  targets: ['confidential'],
  // Evidence imports and the classification rules (their corrections name identities).
  evidence: ['confidential'],
  plan: ['confidential'],
  milestone: ['confidential'],
  scope: ['internal'],
  organisation: ['internal'],
  'organisation.register': ['internal', 'restricted'],
  'organisation.delete': EVERYTHING,
  member: ['internal'],
  membership: ['internal'],
  // An invitation carries a code that becomes a credential or a membership.
  invitation: ['restricted'],
  'invitation.accept': ['internal', 'restricted'],
  token: ['restricted'],
  agent: ['restricted'],
  delegation: ['restricted'],
  credential: ['restricted'],
};

/** Reads without a policy decision: the public routes (an agent's key reading a questionnaire). */
const PUBLIC_ROUTES = /^\/v1\/(questionnaires|taxonomy)(\/|$)/;

/** What an audit event is made of, for its classes. */
export interface ClassifiedAction {
  operation: string;
  decision?: { operation: string };
  request?: { route: string };
}

const sorted = (classes: Iterable<DataClass>): DataClass[] => {
  const set = new Set(classes);
  return DATA_CLASSES.filter((c) => set.has(c));
};

const classesOfOperation = (operation: string): readonly DataClass[] | undefined =>
  Object.hasOwn(OPERATION_CLASSES, operation) ? OPERATION_CLASSES[operation as Operation] : undefined;

/**
 * The classes of the data an audited action touched. A read or refusal is classified by the
 * policy operation it asked for (a refusal: what it tried to reach), else by its route; a
 * change by its own name. Unknown actions touch no class (an empty list, never a guess).
 */
export function dataClassesOf(action: ClassifiedAction): DataClass[] {
  if (action.operation === 'read' || action.operation === 'refused') {
    const byDecision = action.decision && classesOfOperation(action.decision.operation);
    if (byDecision) return sorted(byDecision);
    return action.request && PUBLIC_ROUTES.test(action.request.route) ? ['public'] : [];
  }
  const exact = CHANGE_CLASSES[action.operation] ?? CHANGE_CLASSES[action.operation.split('.')[0]!];
  return sorted(exact ?? classesOfOperation(action.operation) ?? []);
}

/** The classes a set of scopes (policy operations) can reach; unknown names reach nothing. */
export const reachableDataClasses = (scopes: readonly string[]): DataClass[] => sorted(scopes.flatMap((scope) => classesOfOperation(scope) ?? []));

/** The classes a role can reach: a key's (its role decides, it has no scopes). */
export const reachableDataClassesOfRole = (role: Role): DataClass[] => reachableDataClasses(operationsOf(role));
