import { describe, expect, it } from 'vitest';
import type { ClassifiedIdentity } from './classification';
import { computeFacts, type Fact, type FactId, isProductionEnvironment, percentile } from './facts';
import type { InventoryCredential, InventoryIdentity } from './inventory';

const NOW = '2026-11-30T00:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

const key = (rotatedDaysAgo: number | null, values: Partial<InventoryCredential> = {}): InventoryCredential => ({
  kind: 'access-key',
  static: true,
  active: true,
  createdAt: null,
  lastRotatedAt: rotatedDaysAgo === null ? null : daysAgo(rotatedDaysAgo),
  lastUsedAt: null,
  expiresAt: null,
  noExpiry: true,
  ...values,
});

let n = 0;
function agent(values: Partial<InventoryIdentity> = {}, kind: ClassifiedIdentity['classification']['kind'] = 'agent'): ClassifiedIdentity {
  n += 1;
  return {
    source: 'aim-template',
    key: `id-${n}`,
    name: `agent-${n}`,
    declaredKind: 'agent',
    tags: {},
    owner: null,
    use: 'dedicated',
    credentials: [],
    lastUsedAt: null,
    environments: [],
    wildcard: null,
    admin: null,
    automationOnHumanAccount: false,
    ...values,
    classification: { kind, reason: 'test' },
  };
}

const byId = (facts: Fact[]) => Object.fromEntries(facts.map((f) => [f.id, f])) as Record<FactId, Fact>;
const counts = (f: Fact) => [f.numerator, f.denominator, f.value];

describe('facts over agent identities', () => {
  it('counts owners, dedicated and shared identities, only over agents', () => {
    const facts = byId(
      computeFacts(
        [
          agent({ owner: 'ana', key: 'shared-1' }),
          agent({ owner: 'ben', key: 'shared-1' }), // two agents on one identity
          agent({ owner: null, use: 'shared' }),
          agent({ owner: 'cy', use: 'personal' }),
          agent({ owner: 'dee' }),
          agent({ owner: null }, 'human'),
        ],
        NOW,
      ),
    );
    expect(counts(facts['named-owner'])).toEqual([4, 5, 0.8]);
    expect(counts(facts['dedicated-identity'])).toEqual([1, 5, 0.2]);
    expect(counts(facts['shared-across-agents'])).toEqual([3, 5, 0.6]);
    expect(counts(facts['personal-account'])).toEqual([1, 5, 0.2]);
  });

  it('knows which sources can tell: a credential report names no owner and declares no use', () => {
    const facts = byId(computeFacts([agent({ source: 'aws-credential-report', use: null })], NOW));
    expect(counts(facts['named-owner'])).toEqual([0, 0, null]);
    expect(counts(facts['dedicated-identity'])).toEqual([0, 0, null]);
  });

  it('measures static credentials and their age: over 90 days, maximum and 90th percentile', () => {
    const ages = [10, 20, 30, 40, 50, 60, 70, 80, 100, 400];
    const agents = ages.map((d) => agent({ credentials: [key(d)] }));
    agents.push(agent({ credentials: [key(null, { static: false, kind: 'federated', noExpiry: false })] }));
    agents.push(agent({ credentials: [key(900, { active: false })] })); // an inactive key does not count
    const facts = byId(computeFacts(agents, NOW));
    expect(counts(facts['static-credentials'])).toEqual([10, 11, 10 / 11]);
    expect(counts(facts['static-credential-over-90-days'])).toEqual([2, 10, 0.2]);
    expect(counts(facts['credential-age-max'])).toEqual([1, 10, 400]);
    expect(counts(facts['credential-age-p90'])).toEqual([2, 10, 100]);
  });

  it('counts identities unused for 90 days, never-used ones once they are that old', () => {
    const report = { source: 'aws-credential-report' as const, use: null };
    const facts = byId(
      computeFacts(
        [
          agent({ ...report, lastUsedAt: daysAgo(5) }),
          agent({ ...report, credentials: [key(200, { lastUsedAt: daysAgo(120) })] }),
          agent({ ...report, createdAt: daysAgo(100) }), // never used, 100 days old
          agent({ ...report, createdAt: daysAgo(10) }), // never used, too young to tell
          agent({}), // the template records no use
        ],
        NOW,
      ),
    );
    expect(counts(facts['unused-90-days'])).toEqual([2, 4, 0.5]);
  });

  it('finds identities shared across environments, production against the rest', () => {
    const facts = byId(
      computeFacts(
        [
          agent({ environments: ['prod'] }),
          agent({ environments: ['prod', 'staging'] }),
          agent({ environments: ['prod-eu', 'prod-us'] }),
          agent({ environments: ['dev'] }),
        ],
        NOW,
      ),
    );
    expect(counts(facts['shared-across-environments'])).toEqual([1, 3, 1 / 3]);
    expect(counts(facts['shared-identity'])).toEqual([2, 4, 0.5]);
    expect(isProductionEnvironment('Production')).toBe(true);
    expect(isProductionEnvironment('preprod')).toBe(false);
  });

  it('counts wildcard or administrator permissions where the file shows them', () => {
    const facts = byId(
      computeFacts([agent({ wildcard: true, admin: false }), agent({ wildcard: false, admin: false }), agent({ admin: true }), agent({})], NOW),
    );
    expect(counts(facts['wildcard-or-admin'])).toEqual([2, 3, 2 / 3]);
  });

  it('measures credential lifetimes: never expiring, or the longest known one', () => {
    const lifetimeOnly = (days: number) => key(1, { noExpiry: false, maxLifetimeDays: days });
    const some = byId(
      computeFacts([agent({ credentials: [lifetimeOnly(30)] }), agent({ credentials: [lifetimeOnly(1)] }), agent({ credentials: [key(5)] })], NOW),
    );
    expect(counts(some['credential-without-expiry'])).toEqual([1, 3, 1 / 3]);
    expect(counts(some['credential-lifetime-max'])).toEqual([2, 3, 30]);
    const entra = key(1, { noExpiry: false, createdAt: daysAgo(10), lastRotatedAt: null, expiresAt: daysAgo(-170) });
    expect(counts(byId(computeFacts([agent({ credentials: [entra] })], NOW))['credential-lifetime-max'])).toEqual([1, 1, 180]);
  });

  it('counts people’s accounts used by automation over every account a person could sign in with', () => {
    const pw = { kind: 'password' as const, static: true, active: true, createdAt: null, lastRotatedAt: null, lastUsedAt: null, expiresAt: null };
    const facts = byId(
      computeFacts(
        [
          agent({ credentials: [pw], automationOnHumanAccount: true }, 'unknown'),
          agent({ credentials: [pw] }, 'human'),
          agent({ use: 'personal', automationOnHumanAccount: true }),
        ],
        NOW,
      ),
    );
    expect(counts(facts['automation-on-human-accounts'])).toEqual([2, 3, 2 / 3]);
  });

  it('reports every fact even with no agents, with a null value', () => {
    const facts = computeFacts([agent({}, 'human')], NOW);
    expect(facts.filter((f) => f.id !== 'automation-on-human-accounts').every((f) => f.denominator === 0 && f.value === null)).toBe(true);
    expect(() => computeFacts([], 'yesterday')).toThrow();
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.9)).toBeNull();
  });
});
