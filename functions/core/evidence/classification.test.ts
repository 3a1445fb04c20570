import { describe, expect, it } from 'vitest';
import { classifier, globMatches, namingRuleProblems } from './classification';
import type { InventoryIdentity } from './inventory';

const identity = (values: Partial<InventoryIdentity>): InventoryIdentity => ({
  source: 'aws-credential-report',
  key: `arn:aws:iam::111122223333:user/${values.name ?? 'x'}`,
  name: 'x',
  declaredKind: 'unknown',
  tags: {},
  owner: null,
  use: null,
  credentials: [],
  lastUsedAt: null,
  environments: [],
  wildcard: null,
  admin: null,
  automationOnHumanAccount: false,
  ...values,
});

const password = (lastUsedAt: string | null) => ({
  kind: 'password' as const,
  static: true,
  active: true,
  createdAt: null,
  lastRotatedAt: null,
  lastUsedAt,
  expiresAt: null,
});

describe('globs', () => {
  it('match the whole text, case-insensitively, with * and ?', () => {
    expect(globMatches('svc-agent-*', 'SVC-Agent-billing')).toBe(true);
    expect(globMatches('svc-agent-*', 'old-svc-agent-billing')).toBe(false);
    expect(globMatches('*agent?', 'my-agent7')).toBe(true);
    expect(globMatches('*agent?', 'my-agent')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false); // a dot is a dot, not a regex
    expect(globMatches('**', '')).toBe(true);
  });

  it('stay fast on patterns that would make a backtracking regex explode', () => {
    const started = performance.now();
    expect(globMatches(`${'*a'.repeat(30)}*b`, 'a'.repeat(1024))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('are checked as an organisation writes them', () => {
    expect(namingRuleProblems([{ pattern: 'svc-*', kind: 'agent' }])).toEqual([]);
    expect(
      namingRuleProblems([
        { pattern: ' ', kind: 'agent' },
        { pattern: 'x'.repeat(201), kind: 'robot' as never },
      ]),
    ).toEqual(['rule 1: the pattern is empty', 'rule 2: the pattern is longer than 200 characters', 'rule 2: the kind is not agent, human or workload']);
  });
});

describe('classification', () => {
  const decide = classifier({
    namingRules: [
      { pattern: 'svc-agent-*', kind: 'agent' },
      { pattern: 'svc-*', kind: 'workload' },
    ],
    corrections: { 'arn:aws:iam::111122223333:user/svc-agent-misnamed': 'workload' },
  });

  it('takes a correction over everything, then the declared kind, a tag, a naming rule in order, then defaults', () => {
    expect(decide(identity({ name: 'svc-agent-misnamed', tags: { 'aim:kind': 'agent' } }))).toEqual({
      kind: 'workload',
      reason: "corrected in the organisation's review (workload)",
    });
    expect(decide(identity({ source: 'aim-template', key: 'k', name: 'svc-x', declaredKind: 'agent' }))).toEqual({
      kind: 'agent',
      reason: 'listed in the agent inventory template',
    });
    expect(decide(identity({ name: 'svc-y', tags: { 'AIM:Kind': 'Human' } }))).toEqual({ kind: 'human', reason: 'tag AIM:Kind=human' });
    expect(decide(identity({ name: 'svc-agent-billing' }))).toEqual({ kind: 'agent', reason: 'naming rule svc-agent-*' });
    expect(decide(identity({ name: 'svc-backup' }))).toEqual({ kind: 'workload', reason: 'naming rule svc-*' });
  });

  it('ignores a tag whose value is not a kind, and honours the organisation’s own tag key', () => {
    expect(decide(identity({ name: 'svc-agent-a', tags: { 'aim:kind': 'robot' } })).kind).toBe('agent');
    expect(classifier({ tagKey: 'team:class' })(identity({ tags: { 'team:class': 'agent' } }))).toEqual({ kind: 'agent', reason: 'tag team:class=agent' });
  });

  it('defaults: the root user and used console passwords are people, roles are workloads, the rest unknown', () => {
    const plain = classifier();
    expect(plain(identity({ key: 'arn:aws:iam::111122223333:root', name: '<root_account>' })).reason).toBe('the AWS account root user');
    expect(plain(identity({ name: 'ana', credentials: [password('2026-01-01T00:00:00.000Z')] }))).toEqual({
      kind: 'human',
      reason: 'an IAM user whose console password has been used',
    });
    expect(plain(identity({ name: 'ana', credentials: [password(null)] })).kind).toBe('unknown');
    expect(plain(identity({ source: 'aws-authorization-details', key: 'arn:aws:iam::111122223333:role/etl', name: 'etl' }))).toEqual({
      kind: 'workload',
      reason: 'an IAM role',
    });
    expect(plain(identity({ source: 'entra', key: 'f1e2', name: 'app' }))).toEqual({ kind: 'unknown', reason: 'no tag, naming rule or default applies' });
  });
});
