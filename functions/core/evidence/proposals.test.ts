import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact, FactId } from './facts';
import { coverageOption, findings, lifetimeOption, MEASURED_QUESTIONS, proposeAnswers } from './proposals';

const fact = (id: FactId, numerator: number, denominator: number, value: number | null = denominator ? numerator / denominator : null): Fact => ({
  id,
  unit: 'ratio',
  numerator,
  denominator,
  value,
  description: '',
});
const find = (facts: Fact[], questionId: string) => findings(facts).find((f) => f.questionId === questionId);

describe('proposed answers', () => {
  it('bands shares as the coverage options do', () => {
    expect([0, 0.01, 0.39, 0.4, 0.6, 0.61, 0.99, 1].map(coverageOption)).toEqual(['none', 'some', 'some', 'about-half', 'about-half', 'most', 'most', 'all']);
  });

  it('proposes owner coverage with its evidence sentence', () => {
    expect(find([fact('named-owner', 37, 52)], 'agent-owner-coverage')).toEqual({
      questionId: 'agent-owner-coverage',
      value: 'most',
      consistent: ['most'],
      evidence: '37 of 52 agent identities (71%) have a named owner',
      facts: ['named-owner'],
    });
    // "all" leaves the options that add a practice no file shows consistent; near a boundary the neighbour is too.
    expect(find([fact('named-owner', 5, 5)], 'agent-owner-coverage')?.consistent).toEqual(['all', 'most', 'all-with-leaver-alert', 'all-reattested']);
    expect(find([fact('named-owner', 12, 20)], 'agent-owner-coverage')?.consistent).toEqual(['about-half', 'most']);
    expect(find([fact('named-owner', 0, 0)], 'agent-owner-coverage')).toBeUndefined();
  });

  it('turns shared identities around: the question counts agents whose identity no other agent uses', () => {
    expect(find([fact('shared-across-agents', 1, 4)], 'identity-shared-across-agents')).toMatchObject({
      value: 'most',
      evidence: '3 of 4 agent identities (75%) are used by no other agent',
    });
    expect(find([fact('shared-across-environments', 0, 3)], 'identity-shared-across-environments')).toMatchObject({
      value: 'all',
      evidence: '3 of 3 production agent identities (100%) are used in production only',
    });
  });

  it('proposes "none left" for shared accounts only when no agent shares one', () => {
    expect(find([fact('shared-across-agents', 0, 4)], 'shared-account-review')?.value).toBe('none-left');
    expect(find([fact('shared-across-agents', 2, 4)], 'shared-account-review')).toMatchObject({
      value: null,
      consistent: ['not-reviewed', 'identified', 'owner-and-purpose-mapped', 'mostly-split'],
    });
  });

  it('bands privileged agents by the options’ own thresholds', () => {
    const option = (n: number, d: number) => find([fact('wildcard-or-admin', n, d)], 'privileged-agent-proportion')?.value;
    expect([option(1, 4), option(1, 5), option(1, 20), option(1, 21), option(0, 9)]).toEqual([
      'quarter-or-more',
      'five-to-quarter',
      'five-to-quarter',
      'under-five-percent',
      'under-five-percent',
    ]);
    expect(find([fact('wildcard-or-admin', 0, 9)], 'privileged-agent-proportion')?.consistent).toContain('none-just-in-time');
  });

  it('decides the longest credential lifetime only when the facts can', () => {
    const days = (id: FactId, numerator: number, denominator: number, value: number | null): Fact => ({
      ...fact(id, numerator, denominator),
      unit: 'days',
      value,
    });
    expect(find([fact('credential-without-expiry', 2, 10), days('credential-lifetime-max', 8, 10, 30)], 'max-credential-lifetime')).toMatchObject({
      value: 'no-expiry',
      evidence: '2 of 10 agent identities (20%) hold an active credential that never expires',
    });
    expect(find([fact('credential-without-expiry', 0, 3), days('credential-lifetime-max', 3, 3, 1 / 24)], 'max-credential-lifetime')).toMatchObject({
      value: 'up-to-1-hour',
      evidence: 'the longest-lived credential of 3 agent identities stays valid for 1 hour',
    });
    // One lifetime unknown: not decided, unless an old credential narrows it.
    expect(find([fact('credential-without-expiry', 0, 3), days('credential-lifetime-max', 2, 3, 30)], 'max-credential-lifetime')).toBeUndefined();
    expect(
      find(
        [fact('credential-without-expiry', 0, 3), days('credential-lifetime-max', 2, 3, 30), days('credential-age-max', 1, 3, 400)],
        'max-credential-lifetime',
      ),
    ).toMatchObject({
      value: null,
      consistent: ['no-expiry', 'over-90-days'],
    });
    expect([91, 90, 1.5, 1, 0.05, 1 / 24].map(lifetimeOption)).toEqual([
      'over-90-days',
      'up-to-90-days',
      'up-to-90-days',
      'up-to-24-hours',
      'up-to-24-hours',
      'up-to-1-hour',
    ]);
  });

  it('proposes a person’s credentials as the weakest identity, and "yes" for agents acting for users, never "no"', () => {
    expect(find([fact('personal-account', 1, 30)], 'agent-credential-source')?.value).toBe('user-session');
    expect(find([fact('personal-account', 0, 30)], 'agent-credential-source')).toBeUndefined();
    expect(find([fact('acts-for-users', 3, 30)], 'agents-act-for-users')?.value).toBe('yes');
    expect(find([fact('acts-for-users', 0, 30)], 'agents-act-for-users')).toBeUndefined();
  });

  it('narrows the weakest credential type without proposing one', () => {
    expect(find([fact('static-credentials', 3, 5)], 'weakest-credential-type')).toMatchObject({
      value: null,
      consistent: ['static-secret-in-code', 'static-key-in-vault', 'rotated-vaulted-secret'],
    });
    expect(proposeAnswers([fact('static-credentials', 3, 5)])).toEqual([]);
  });

  it('names only questions and options of the agent-identity questionnaire 1.2.0', () => {
    const questionnaire = JSON.parse(readFileSync('questionnaires/agent-identity/1.2.0.json', 'utf8')) as {
      questions: { id: string; options?: { id: string }[] }[];
    };
    const options = new Map(questionnaire.questions.map((q) => [q.id, new Set((q.options ?? []).map((o) => o.id))]));
    const days = (id: FactId, numerator: number, denominator: number, value: number): Fact => ({ ...fact(id, numerator, denominator), unit: 'days', value });
    const scenarios: Fact[][] = [
      [
        fact('named-owner', 5, 5),
        fact('shared-across-agents', 0, 5),
        fact('shared-across-environments', 0, 5),
        fact('wildcard-or-admin', 0, 5),
        fact('personal-account', 1, 5),
        fact('acts-for-users', 1, 5),
      ],
      [
        fact('named-owner', 1, 5),
        fact('shared-across-agents', 2, 5),
        fact('wildcard-or-admin', 2, 5),
        fact('static-credentials', 1, 5),
        fact('credential-without-expiry', 1, 5),
      ],
      [fact('credential-without-expiry', 0, 5), days('credential-lifetime-max', 5, 5, 0.5), fact('static-credentials', 2, 5)],
      [days('credential-age-max', 1, 5, 200)],
    ];
    for (const facts of scenarios) {
      for (const finding of findings(facts)) {
        const known = options.get(finding.questionId);
        expect(known, finding.questionId).toBeDefined();
        expect(MEASURED_QUESTIONS as readonly string[]).toContain(finding.questionId);
        for (const option of [finding.value, ...finding.consistent].filter((o): o is string => o !== null))
          expect(known?.has(option), `${finding.questionId}: ${option}`).toBe(true);
      }
    }
  });
});
