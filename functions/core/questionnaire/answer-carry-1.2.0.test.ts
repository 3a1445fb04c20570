/**
 * agent-identity 1.1.0 → 1.2.0: a complete 1.1.0 answer set carries as the migration
 * declares. Kept questions keep their answers; split and reworded questions carry only the
 * options whose meaning survives (questionnaires/agent-identity/NOTES.md says why); every
 * other one, and every added question, is asked again.
 */
import { describe, expect, it } from 'vitest';
import agentIdentity110 from '../../../questionnaires/agent-identity/1.1.0.json';
import agentIdentity120 from '../../../questionnaires/agent-identity/1.2.0.json';
import { carryAnswers } from './answer-carry';
import type { Answers } from './answers';
import { stepEquivalences } from './equivalences';
import { QuestionnaireSchema } from './model';
import { answerLevel } from '../scoring/score';

const v110 = QuestionnaireSchema.parse(agentIdentity110);
const v120 = QuestionnaireSchema.parse(agentIdentity120);
const carry = (answers: Answers) => carryAnswers(v110, v120, stepEquivalences(v110, v120), answers);

const ADDED = [
  'agent-to-agent-authentication',
  'data-reach-by-sensitivity',
  'audit-log-retention',
  'data-touched-by-sensitivity',
  'programme-owner',
  'third-party-agent-grants',
  'approver-separation',
];

/** Questions whose id 1.2.0 keeps: their answers must arrive exactly as given. */
const KEPT: Answers = {
  'agent-credential-source': { value: 'service-account-per-agent', comment: 'two legacy bots excepted' },
  'agents-act-for-users': { value: 'yes' },
  'delegation-visibility': { value: 'both-in-token' },
  'interactive-agent-login': { value: 'technically-blocked' },
  'permission-model': { value: 'purpose-built-role' },
  'authorization-decision-point': { value: 'downstream-acls' },
  'mcp-server-authorization': { notApplicable: true, reason: 'Our agents do not use MCP.' },
  'change-attribution': { value: 'within-days' },
  'audit-record-content': { value: 'agent-user-tool-outcome' },
  'agent-access-history': { value: 'all-systems-manually' },
  'log-protection': { value: 'access-restricted', evidence: ['https://wiki.example.org/logging'] },
  'approved-tool-register': { value: 'per-agent-register' },
  'shared-account-review': { value: 'owner-and-purpose-mapped' },
  'agent-decommissioning': { value: 'documented-process' },
  'max-credential-lifetime': { value: 'up-to-90-days' },
  'revocation-time': { value: 'hours' },
  'secret-scanning-coverage': { value: 'all-repositories-and-ci' },
  'approval-scope': { value: 'high-impact-list' },
  'approval-enforcement-point': { value: 'tool-code' },
  'approval-action-binding': { value: 'exact-parameters' },
  'approval-record': { value: 'logged' },
  'approval-fatigue-monitoring': { value: 'periodic-report' },
  'behaviour-monitoring': { value: 'per-agent-baseline' },
  'containment-actions': { value: ['revoke-tokens', 'disable-identity', 'pause-fleet'] },
  'containment-testing': { value: 'yearly' },
  'incident-feedback': { value: 'usually' },
};

describe('carrying a complete agent-identity 1.1.0 answer set to 1.2.0', () => {
  it('answers every visible 1.1.0 question in these fixtures', () => {
    const changed = ['identity-reuse', 'privileged-agent-share', 'token-audience-binding', 'agent-inventory', 'agent-ownership', 'agent-credential-type'];
    expect(Object.keys(KEPT).concat(changed).sort()).toEqual(v110.questions.map((q) => q.id).sort());
  });

  it('keeps kept answers and carries the changed questions only where their meaning survives', () => {
    const answers: Answers = {
      ...KEPT,
      'identity-reuse': { value: 'never-checked' },
      'privileged-agent-share': { value: 'quarter-to-half' },
      'token-audience-binding': { value: 'by-convention' },
      'agent-inventory': { value: 'partial-manual' },
      'agent-ownership': { value: 'all-with-leaver-alert' },
      'agent-credential-type': { value: 'static-in-code' },
    };
    const { answers: carried, report } = carry(answers);
    for (const [id, answer] of Object.entries(KEPT)) expect(carried[id], id).toEqual(answer);
    // "Never, and tooling checks it" speaks to agents and to environments, so both halves get it.
    expect(carried['identity-shared-across-agents']).toEqual({ value: 'all-checked' });
    expect(carried['identity-shared-across-environments']).toEqual({ value: 'all-checked' });
    // 25–50% falls in the new "25% or more" band; convention is kept as convention (now level 1).
    expect(carried['privileged-agent-proportion']).toEqual({ value: 'quarter-or-more' });
    expect(carried['token-audience-enforcement']).toEqual({ value: 'convention-only' });
    expect(carried['agent-inventory-records']).toEqual({ value: 'partial-manual' });
    expect(carried['agent-owner-coverage']).toEqual({ value: 'all-with-leaver-alert' });
    // Static secrets in code are the weakest kind, so "most agents" use them implies the weakest does.
    expect(carried['weakest-credential-type']).toEqual({ value: 'static-secret-in-code' });
    expect(report.dropped).toEqual([]);
    expect([...report.needsAnswer].sort()).toEqual([...ADDED].sort());
  });

  it('asks again where the old answer cannot say what the new question asks', () => {
    const answers: Answers = {
      ...KEPT,
      // "Rarely" does not say whether across agents or across environments.
      'identity-reuse': { value: 'rarely-documented' },
      // "Less than 25%" straddles the new 5% boundary.
      'privileged-agent-share': { value: 'under-quarter' },
      'token-audience-binding': { value: 'enforced' },
      // 1.1.0's options graded completeness only: they did not say whether owner, purpose and access are recorded.
      'agent-inventory': { value: 'reconciled-with-discovery' },
      // 25–74% straddles some / about half / most.
      'agent-ownership': { value: 'quarter-to-three-quarters' },
      // What most agents use says nothing about the weakest.
      'agent-credential-type': { value: 'short-lived-federated' },
    };
    const { answers: carried, report } = carry(answers);
    for (const [id, answer] of Object.entries(KEPT)) expect(carried[id], id).toEqual(answer);
    expect(carried['token-audience-enforcement']).toEqual({ value: 'enforced-all' });
    const reAsked = [
      'identity-shared-across-agents',
      'identity-shared-across-environments',
      'privileged-agent-proportion',
      'agent-inventory-records',
      'agent-owner-coverage',
      'weakest-credential-type',
    ];
    expect(report.dropped.map((d) => d.to).sort()).toEqual([...reAsked].sort());
    expect([...report.needsAnswer].sort()).toEqual([...ADDED, ...reAsked].sort());
  });

  it('keeps a containment answer as ticked, and scores it with the essential actions of 1.2.0', () => {
    const { answers: carried } = carry({ ...KEPT, 'containment-actions': { value: ['pause-fleet', 'terminate-environment'] } });
    expect(carried['containment-actions']).toEqual({ value: ['pause-fleet', 'terminate-environment'] });
    // 1.1.0 scored the best action ticked (4); without revoking tokens and disabling the identity, 1.2.0 holds it at 2.
    const question = (q: typeof v110, id: string) => q.questions.find((x) => x.id === id)!;
    expect(answerLevel(question(v110, 'containment-actions'), carried['containment-actions'])).toBe(4);
    expect(answerLevel(question(v120, 'containment-actions'), carried['containment-actions'])).toBe(2);
    expect(answerLevel(question(v120, 'containment-actions'), { value: ['pause-fleet', 'revoke-tokens', 'disable-identity'] })).toBe(4);
  });

  it('leaves 1.1.0 and 1.2.0 apart on the questions that changed meaning', () => {
    const v120Ids = new Set(v120.questions.map((q) => q.id));
    for (const id of ['identity-reuse', 'privileged-agent-share', 'token-audience-binding', 'agent-inventory', 'agent-ownership', 'agent-credential-type'])
      expect(v120Ids.has(id), id).toBe(false);
    expect(v120.migration?.added.sort()).toEqual([...ADDED].sort());
  });
});
