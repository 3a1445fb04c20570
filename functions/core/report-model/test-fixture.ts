/**
 * A small questionnaire and assessment for tests of the report model and its renderers.
 * Scores come from the real scoring, so the fixture cannot drift from it.
 */
import type { Answers } from '../questionnaire/answers';
import { QuestionnaireSchema, type Questionnaire } from '../questionnaire/model';
import { scoreAssessment } from '../scoring/score';
import type { BenchmarkInput, ProvenanceInput, ReportInput } from './types';

const levels = (domain: string) => [1, 2, 3, 4, 5].map((l) => `${domain} at level ${l}.`);

export const fixtureQuestionnaire: Questionnaire = QuestionnaireSchema.parse({
  id: 'agent-identity',
  version: '1.2.0',
  status: 'published',
  title: 'Agent identity maturity',
  description: 'How well AI agents are identified, authorised and held to account.',
  domains: [
    { id: 'credentials', title: 'Credential lifecycle', description: 'Issuing, storing and rotating agent secrets.', levelDescriptions: levels('Credentials') },
    { id: 'access', title: 'Least privilege', description: 'Scoping what agents may do.', levelDescriptions: levels('Access') },
    { id: 'audit', title: 'Audit and accountability', description: 'Tracing actions back to agents.', levelDescriptions: levels('Audit') },
  ],
  questions: [
    {
      id: 'cred-rotation',
      domain: 'credentials',
      type: 'single',
      prompt: 'How often are agent secrets rotated?',
      options: [
        { id: 'never', label: 'Never', level: 1 },
        { id: 'yearly', label: 'Yearly', level: 2 },
        { id: 'quarterly', label: 'Quarterly', level: 3 },
        { id: 'automated', label: 'Automatically, on every deployment', level: 5 },
      ],
      recommendations: [
        { control: 'rotate-secrets', belowLevel: 4 },
        { control: 'short-lived-tokens', belowLevel: 3 },
      ],
    },
    {
      id: 'cred-storage',
      domain: 'credentials',
      type: 'yesno',
      prompt: 'Are agent secrets kept out of source code?',
      options: [
        { id: 'no', label: 'No', level: 1 },
        { id: 'yes', label: 'Yes', level: 4 },
      ],
      caps: [{ options: ['no'], maxLevel: 2, reason: 'Secrets in source code leak with every copy of it.' }],
      recommendations: [{ control: 'vault', belowLevel: 4 }],
    },
    {
      id: 'access-scope',
      domain: 'access',
      type: 'scale',
      prompt: 'How narrowly are agent permissions scoped?',
      options: [1, 2, 3, 4, 5].map((level) => ({ id: `l${level}`, label: `Scope ${level}`, level })),
      recommendations: [
        { control: 'least-privilege', belowLevel: 4 },
        { control: 'rotate-secrets', belowLevel: 4 },
      ],
    },
    {
      id: 'access-review',
      domain: 'access',
      type: 'yesno',
      prompt: 'Are fine-grained scopes reviewed quarterly?',
      showIf: { question: 'access-scope', anyOf: ['l4', 'l5'] },
      options: [
        { id: 'no', label: 'No', level: 1 },
        { id: 'yes', label: 'Yes', level: 5 },
      ],
      recommendations: [{ control: 'access-review', belowLevel: 5 }],
    },
    {
      id: 'audit-retention',
      domain: 'audit',
      type: 'number',
      prompt: 'For how many days are agent action logs kept?',
      unit: 'days',
      bands: [
        { min: 0, level: 1 },
        { min: 30, level: 3 },
        { min: 90, level: 5 },
      ],
      recommendations: [{ control: 'central-logging', belowLevel: 3 }],
    },
    {
      id: 'audit-owner',
      domain: 'audit',
      type: 'yesno',
      prompt: 'Does every agent have a named human owner?',
      required: false,
      allowNotApplicable: true,
      options: [
        { id: 'no', label: 'No', level: 1 },
        { id: 'yes', label: 'Yes', level: 4 },
      ],
      recommendations: [{ control: 'named-owner', belowLevel: 4 }],
    },
    { id: 'audit-notes', domain: 'audit', type: 'text', prompt: 'Anything else about auditing agents?', required: false },
  ],
  controls: [
    {
      id: 'rotate-secrets',
      title: 'Rotate agent secrets automatically',
      action: 'Rotate every agent credential on a schedule, without people handling the secret.',
      effort: 'medium',
      impact: 'high',
      frameworks: [{ framework: 'NIST SP 800-53', edition: 'Rev.5', id: 'IA-5(1)' }],
    },
    {
      id: 'short-lived-tokens',
      title: 'Issue short-lived tokens',
      action: 'Exchange long-lived secrets for tokens that expire within an hour.',
      effort: 'high',
      impact: 'high',
      frameworks: [{ framework: 'RFC', edition: '8693' }],
    },
    {
      id: 'vault',
      title: 'Keep secrets in a vault',
      action: 'Move agent secrets out of code and into a managed secret store.',
      effort: 'low',
      impact: 'high',
      frameworks: [{ framework: 'OWASP NHI Top 10', edition: '2025', id: 'NHI2' }],
    },
    {
      id: 'least-privilege',
      title: 'Scope agent permissions to the task',
      action: 'Grant each agent only the permissions its current task needs, and review them.',
      effort: 'medium',
      impact: 'high',
      frameworks: [
        { framework: 'NIST SP 800-53', edition: 'Rev.5', id: 'AC-6(9)' },
        { framework: 'OWASP NHI Top 10', edition: '2025', id: 'NHI5' },
      ],
    },
    {
      id: 'access-review',
      title: 'Review fine-grained scopes',
      action: 'Review every agent scope each quarter.',
      effort: 'low',
      impact: 'medium',
      frameworks: [{ framework: 'NIST SP 800-53', edition: 'Rev.5', id: 'AC-2(3)' }],
    },
    {
      id: 'central-logging',
      title: 'Centralise agent action logs',
      action: 'Send every agent action, with the agent identity, to one tamper-evident log.',
      effort: 'low',
      impact: 'medium',
      frameworks: [{ framework: 'NIST SP 800-53', edition: 'Rev.5', id: 'AU-6' }],
    },
    {
      id: 'named-owner',
      title: 'Name an owner for every agent',
      action: 'Record a responsible person for each agent.',
      effort: 'low',
      impact: 'medium',
      frameworks: [{ framework: 'OWASP NHI Top 10', edition: '2025', id: 'NHI1' }],
    },
  ],
});

/**
 * Credentials 1.5 (capped at 2 by secrets in code), least privilege 3, audit 1:
 * audit is weakest, then credentials, then access.
 */
export const fixtureAnswers: Answers = {
  'cred-rotation': { value: 'yearly' },
  'cred-storage': { value: 'no' },
  'access-scope': { value: 'l3' },
  // Hidden (access-scope is not l4/l5), so its recommendation must not appear.
  'access-review': { value: 'no' },
  'audit-retention': { value: 10 },
  'audit-notes': { value: 'Logs live on each host.' },
};

/** A figure and its 90% interval. */
export const fig = (value: number, low: number, high: number) => ({ value, low, high });
export const exactFig = (value: number) => ({ value, low: value, high: value });

/** A real cohort from a differentially private release: every figure with its 90% interval. */
export const fixtureBenchmark: BenchmarkInput = {
  cohort: { industry: 'financial-services', sizeBand: '250-999', questionnaireId: 'agent-identity' },
  suppressed: false,
  n: fig(37, 33, 41),
  overall: { percentile: fig(22, 12, 35), p25: fig(1.9, 1.7, 2.1), p50: fig(2.5, 2.3, 2.7), p75: fig(3.2, 3.0, 3.4) },
  synthetic: false,
  release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
  domains: {
    credentials: { p50: fig(2.6, 2.3, 2.9) },
    access: { p50: fig(2.9, 2.5, 3.3) },
    audit: { p50: fig(2.2, 1.9, 2.5) },
  },
};

/** A synthetic demo cohort: exact figures, no release. */
export const fixtureSyntheticBenchmark: BenchmarkInput = {
  cohort: { questionnaireId: 'agent-identity' },
  suppressed: false,
  n: exactFig(40),
  overall: { percentile: exactFig(30), p25: exactFig(1.8), p50: exactFig(2.4), p75: exactFig(3.1) },
  synthetic: true,
  domains: {
    credentials: { p50: exactFig(2.4) },
    access: { p50: exactFig(2.0) },
    audit: { p50: exactFig(2.1) },
  },
};

export const fixtureProvenance: ProvenanceInput = {
  sha256: 'a'.repeat(64),
  answersSha256: 'b'.repeat(64),
  benchmarkSha256: 'c'.repeat(64),
  kAnonymity: 5,
  minimumCohort: 10,
  syntheticOrganisation: false,
};

export function fixtureInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    reportId: 'rpt-01J9Z7K3',
    generatedAt: '2025-11-28T10:00:00.000Z',
    organisation: { id: 'org-1', name: 'Zürich Ærø Łódź Ltd', industry: 'financial-services', sizeBand: '250-999', region: 'europe' },
    questionnaire: fixtureQuestionnaire,
    assessment: {
      id: 'asm-1',
      submittedAt: '2025-11-27T16:30:00.000Z',
      answers: fixtureAnswers,
      scores: scoreAssessment(fixtureQuestionnaire, fixtureAnswers),
    },
    benchmark: fixtureBenchmark,
    provenance: fixtureProvenance,
    ...overrides,
  };
}
