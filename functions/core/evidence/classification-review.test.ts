import { describe, expect, it } from 'vitest';
import { classifier } from './classification';
import { identityDetail, MAX_DETAIL_LENGTH, ReviewCollector } from './classification-review';
import type { InventoryIdentity } from './inventory';

const identity = (key: string, over: Partial<InventoryIdentity> = {}): InventoryIdentity => ({
  source: 'aws-authorization-details',
  key,
  name: key.split('/').pop()!,
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
  ...over,
});
const decide = classifier({ namingRules: [{ pattern: 'bot-*', kind: 'agent' }] });

describe('the classification review', () => {
  it('lists agents and unclassified identities first, each group in file order, and counts everything', () => {
    const review = new ReviewCollector(3);
    const ids = [
      identity('arn:aws:iam::123456789012:role/r1'),
      identity('arn:aws:iam::123456789012:user/u1'),
      identity('arn:aws:iam::123456789012:role/r2'),
      identity('arn:aws:iam::123456789012:user/bot-1'),
      identity('arn:aws:iam::123456789012:user/u2'),
    ];
    for (const i of ids) review.add(i, decide(i));
    const result = review.review();
    expect(result.identities.map((i) => i.name)).toEqual(['u1', 'bot-1', 'u2']);
    expect(result.counts).toEqual({ agent: 1, human: 0, workload: 2, unknown: 2 });
    expect(result.total).toBe(5);
    expect(result.truncated).toBe(true);
  });

  it('lists an identity several template rows share once, with its rows and agents', () => {
    const review = new ReviewCollector();
    const row = (agent: string) =>
      identity('svc-shared', {
        source: 'aim-template',
        declaredKind: 'agent',
        use: 'shared',
        declaration: { agent, purpose: null, dataSensitivity: null, actsForUsers: null, approvalsRequired: null },
      });
    for (const agent of ['alpha', 'beta']) review.add(row(agent), decide(row(agent)));
    const result = review.review();
    expect(result.identities).toHaveLength(1);
    expect(result.identities[0]).toMatchObject({ rows: 2, kind: 'agent', reason: 'listed in the agent inventory template' });
    expect(result.identities[0]!.detail).toContain('for alpha, beta');
    expect(result.counts.agent).toBe(2);
    expect(result.truncated).toBe(false);
  });

  it('keeps a description short', () => {
    const tags = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key-${i}-${'x'.repeat(40)}`, 'v'.repeat(40)]));
    const detail = identityDetail(identity('arn:aws:iam::123456789012:role/r', { tags, owner: 'o'.repeat(100), admin: true }));
    expect(detail.length).toBeLessThanOrEqual(MAX_DETAIL_LENGTH);
    expect(detail.startsWith('IAM role')).toBe(true);
  });
});
