/**
 * Which controls must be in place before another can start. A questionnaire may declare
 * them on its controls (`prerequisites`); published versions cannot change, so the
 * versions published before the field existed get theirs from the reviewed table below.
 * A questionnaire that declares any prerequisite is taken as it is (the table is not
 * merged in). The authoring check (`npm run questionnaires:check`) rejects unknown ids and
 * cycles in both (./prerequisite-check.ts).
 */
import type { Questionnaire } from '../questionnaire/model';

/** Control id → the ids of the controls it builds on. */
export type PrerequisiteTable = Readonly<Record<string, readonly string[]>>;

// Each edge says why the later control needs the earlier one. Edges are kept to real
// dependencies (the later control works on what the earlier one creates), not mere
// good order, and chains to three steps, so a roadmap can hold a whole chain in 90 days.
const AGENT_IDENTITY_1_1_0: PrerequisiteTable = {
  // An attested workload identity replaces a dedicated identity's secret; there must be an identity of the agent's own first.
  'ctl-attested-workload-identity': ['ctl-dedicated-agent-identity'],
  // The act claim of a delegated token names the agent: the agent needs an identity of its own.
  'ctl-delegated-tokens': ['ctl-dedicated-agent-identity'],
  // Retiring shared accounts means moving each agent onto an identity of its own, found through the inventory.
  'ctl-shared-account-remediation': ['ctl-dedicated-agent-identity', 'ctl-agent-inventory'],
  // Federated short-lived tokens are issued to an agent's own identity, never to a shared login.
  'ctl-short-lived-credentials': ['ctl-dedicated-agent-identity'],
  // A purpose-built role starts from knowing which agents exist and what each is for.
  'ctl-least-privilege-review': ['ctl-agent-inventory'],
  // Per-task scoping narrows a purpose-built role; without one there is nothing to narrow from.
  'ctl-request-time-scoping': ['ctl-least-privilege-review'],
  // A policy engine encodes each agent's written purpose and entitlements.
  'ctl-external-policy-decision': ['ctl-least-privilege-review'],
  // Records must exist before they can be made tamper-evident and linked across hops.
  'ctl-tamper-evident-linked-logs': ['ctl-agent-audit-records'],
  // A behaviour baseline is built from each agent's audit records.
  'ctl-agent-behaviour-monitoring': ['ctl-agent-audit-records'],
  // The tools each agent may use are recorded against the agents of the inventory.
  'ctl-approved-tool-register': ['ctl-agent-inventory'],
  // Decommissioning is driven from the inventory: only what is known to exist can be removed.
  'ctl-automated-decommissioning': ['ctl-agent-inventory'],
  // Revoking fast and completely needs the list of every credential each agent holds.
  'ctl-rapid-revocation': ['ctl-agent-inventory'],
  // A kill switch revokes an agent's identities and tokens: the inventory says which those are.
  'ctl-containment-runbook': ['ctl-agent-inventory'],
  // Automation triggers on detected anomalies and carries out a procedure already proven by hand.
  'ctl-automated-containment': ['ctl-agent-behaviour-monitoring', 'ctl-containment-runbook'],
  // Approvals are enforced and bound for the actions the policy says need them.
  'ctl-enforced-bound-approvals': ['ctl-approval-policy'],
  // Approval load can only be measured once approvals are required.
  'ctl-approval-fatigue-monitoring': ['ctl-approval-policy'],
};

// 1.0.0 has the same controls except the approved-tool register, which 1.1.0 added.
const { 'ctl-approved-tool-register': _addedIn110, ...AGENT_IDENTITY_1_0_0 } = AGENT_IDENTITY_1_1_0;

/** Reviewed prerequisites of published versions that declare none, keyed `<id>@<version>`. */
export const PREREQUISITE_TABLES: Readonly<Record<string, PrerequisiteTable>> = {
  'agent-identity@1.0.0': AGENT_IDENTITY_1_0_0,
  'agent-identity@1.1.0': AGENT_IDENTITY_1_1_0,
};

/** What the questionnaire declares on its controls, only for controls that declare some. */
function declaredPrerequisites(questionnaire: Questionnaire): PrerequisiteTable {
  return Object.fromEntries(questionnaire.controls.filter((c) => c.prerequisites?.length).map((c) => [c.id, c.prerequisites ?? []]));
}

/** True when any control of the questionnaire has a `prerequisites` field, even an empty one. */
export const declaresPrerequisites = (questionnaire: Questionnaire) => questionnaire.controls.some((c) => c.prerequisites !== undefined);

/** The prerequisites that apply: the questionnaire's own if it declares any, else the table's for its version. */
export function prerequisitesOf(questionnaire: Questionnaire): PrerequisiteTable {
  if (declaresPrerequisites(questionnaire)) return declaredPrerequisites(questionnaire);
  return PREREQUISITE_TABLES[`${questionnaire.id}@${questionnaire.version}`] ?? {};
}
