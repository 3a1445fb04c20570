/**
 * Facts over the agent identities of an import (docs/evidence.md lists each definition). Every
 * fact has a numerator and a denominator, so a reader can check it, and a value: the ratio
 * numerator/denominator, or a number of days. A fact whose denominator is 0 (the file cannot
 * say: a credential report names no owners) is still returned, with a null value, so the
 * reviewer sees what the file could not measure rather than a silent gap.
 *
 * `now` is passed in: the core never reads the clock. The accumulator holds a few numbers per
 * agent identity, never the identities themselves.
 */
import type { ClassifiedIdentity } from './classification';
import type { InventoryCredential, InventoryIdentity, InventorySource } from './inventory';

export type FactId =
  | 'dedicated-identity'
  | 'named-owner'
  | 'static-credentials'
  | 'static-credential-over-90-days'
  | 'credential-age-max'
  | 'credential-age-p90'
  | 'unused-90-days'
  | 'shared-identity'
  | 'shared-across-agents'
  | 'personal-account'
  | 'shared-across-environments'
  | 'wildcard-or-admin'
  | 'credential-without-expiry'
  | 'credential-lifetime-max'
  | 'acts-for-users'
  | 'automation-on-human-accounts';

export interface Fact {
  id: FactId;
  unit: 'ratio' | 'days';
  /** For a ratio, the identities that have the property; for days, those at or above the value. */
  numerator: number;
  /** The identities the fact is measured over (those whose source can tell). */
  denominator: number;
  /** numerator / denominator, or days; null when the denominator is 0. */
  value: number | null;
  description: string;
}

export const STALE_DAYS = 90;
const DAY_MS = 86_400_000;

/** Sources that record an owner when there is one: absent there means no owner was named. */
const OWNER_SOURCES: ReadonlySet<InventorySource> = new Set(['aim-template', 'entra', 'aws-authorization-details']);
/** Sources that record last use: a missing date there means never used. */
const USE_SOURCES: ReadonlySet<InventorySource> = new Set(['aws-credential-report', 'aws-authorization-details']);

const PRODUCTION = /^(?:prod|production|prd|live)(?:[-_ ].*)?$/;
export const isProductionEnvironment = (name: string) => PRODUCTION.test(name.trim().toLowerCase());

interface AgentSummary {
  key: string;
  use: InventoryIdentity['use'];
  ownerKnown: boolean;
  hasOwner: boolean;
  hasActiveCredential: boolean;
  hasActiveStatic: boolean;
  /** Days since the oldest active static credential was issued or rotated, when dated. */
  staticAge: number | null;
  unused: boolean | null;
  environments: string[];
  privileged: boolean | null;
  noExpiry: boolean;
  /** The longest lifetime in days among its active credentials, when every one is known (and none never expires). */
  lifetime: number | null;
  actsForUsers: boolean | null;
}

const parse = (at: string | null | undefined) => (at ? Date.parse(at) : Number.NaN);

function lifetimeOf(c: InventoryCredential): number | null {
  if (typeof c.maxLifetimeDays === 'number') return c.maxLifetimeDays;
  const from = parse(c.createdAt ?? c.lastRotatedAt);
  const to = parse(c.expiresAt);
  return Number.isNaN(from) || Number.isNaN(to) ? null : Math.max(0, (to - from) / DAY_MS);
}

function summarise(identity: InventoryIdentity, nowMs: number): AgentSummary {
  const active = identity.credentials.filter((c) => c.active);
  const staticActive = active.filter((c) => c.static);
  const issued = staticActive.map((c) => parse(c.lastRotatedAt ?? c.createdAt)).filter((ms) => !Number.isNaN(ms));
  const staticAge = issued.length ? Math.max(0, (nowMs - Math.min(...issued)) / DAY_MS) : null;

  const uses = [identity.lastUsedAt, ...identity.credentials.map((c) => c.lastUsedAt)].map(parse).filter((ms) => !Number.isNaN(ms));
  let unused: boolean | null = null;
  if (uses.length) unused = nowMs - Math.max(...uses) >= STALE_DAYS * DAY_MS;
  else if (USE_SOURCES.has(identity.source)) {
    // Never used: unused once it has existed for the period; unknown when the file gives no age.
    const born = [identity.createdAt, ...identity.credentials.map((c) => c.createdAt)].map(parse).filter((ms) => !Number.isNaN(ms));
    if (born.length) unused = nowMs - Math.min(...born) >= STALE_DAYS * DAY_MS;
  }

  const lifetimes = active.map(lifetimeOf);
  const noExpiry = active.some((c) => c.noExpiry === true);
  const lifetime = active.length && !noExpiry && lifetimes.every((l) => l !== null) ? Math.max(...(lifetimes as number[])) : null;

  return {
    key: identity.key,
    use: identity.use,
    ownerKnown: OWNER_SOURCES.has(identity.source) || identity.owner !== null,
    hasOwner: identity.owner !== null && identity.owner.trim() !== '',
    hasActiveCredential: active.length > 0,
    hasActiveStatic: staticActive.length > 0,
    staticAge,
    unused,
    environments: identity.environments,
    privileged: identity.wildcard === true || identity.admin === true ? true : identity.wildcard === null && identity.admin === null ? null : false,
    noExpiry,
    lifetime,
    actsForUsers: identity.declaration?.actsForUsers ?? null,
  };
}

const ratio = (id: FactId, numerator: number, denominator: number, description: string): Fact => ({
  id,
  unit: 'ratio',
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
  description,
});

/** The nearest-rank percentile of ascending values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.reduce((n, item) => n + (test(item) ? 1 : 0), 0);
const roundDays = (days: number) => Math.floor(days);

/** Collects what the facts need as identities stream by; `facts()` once the import is complete. */
export class FactAccumulator {
  private readonly agents: AgentSummary[] = [];
  private readonly nowMs: number;
  private passwordAccounts = 0;
  private automated = 0;

  constructor(now: string | Date) {
    this.nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
    if (Number.isNaN(this.nowMs)) throw new Error('facts need a valid "now"');
  }

  add(identity: ClassifiedIdentity): void {
    // Human accounts used by automation: over every account a person could sign in with, whatever its class.
    const hasPassword = identity.credentials.some((c) => c.kind === 'password' && c.active);
    if (hasPassword || identity.use === 'personal') this.passwordAccounts += 1;
    if (identity.automationOnHumanAccount) this.automated += 1;
    if (identity.classification.kind === 'agent') this.agents.push(summarise(identity, this.nowMs));
  }

  facts(): Fact[] {
    const agents = this.agents;
    const timesKey = new Map<string, number>();
    for (const a of agents) timesKey.set(a.key, (timesKey.get(a.key) ?? 0) + 1);
    const sharedWithAgents = (a: AgentSummary) => a.use === 'shared' || (timesKey.get(a.key) ?? 0) > 1;
    const useKnown = agents.filter((a) => a.use !== null || (timesKey.get(a.key) ?? 0) > 1);
    const envKnown = agents.filter((a) => a.environments.length > 0);
    const inProduction = envKnown.filter((a) => a.environments.some(isProductionEnvironment));
    const crossesEnvironments = (a: AgentSummary) => a.environments.some(isProductionEnvironment) && a.environments.some((e) => !isProductionEnvironment(e));
    const sharedKnown = agents.filter((a) => a.use !== null || (timesKey.get(a.key) ?? 0) > 1 || a.environments.length > 0);

    const withCredential = agents.filter((a) => a.hasActiveCredential);
    const aged = agents.filter((a) => a.staticAge !== null);
    const ages = aged.map((a) => a.staticAge as number).sort((x, y) => x - y);
    const maxAge = ages.at(-1) ?? null;
    const p90 = percentile(ages, 0.9);
    const useMeasured = agents.filter((a) => a.unused !== null);
    const owners = agents.filter((a) => a.ownerKnown);
    const privilegeKnown = agents.filter((a) => a.privileged !== null);
    const lifetimes = withCredential.filter((a) => a.lifetime !== null).map((a) => a.lifetime as number);
    const maxLifetime = lifetimes.length ? Math.max(...lifetimes) : null;
    const actsKnown = agents.filter((a) => a.actsForUsers !== null);

    return [
      ratio(
        'dedicated-identity',
        count(useKnown, (a) => a.use === 'dedicated' && !sharedWithAgents(a)),
        useKnown.length,
        'agent identities that are dedicated to one agent (declared dedicated, and no other agent lists the same identity), of those whose use the file declares',
      ),
      ratio(
        'named-owner',
        count(owners, (a) => a.hasOwner),
        owners.length,
        'agent identities with a named owner, of those from a source that records owners',
      ),
      ratio(
        'static-credentials',
        count(withCredential, (a) => a.hasActiveStatic),
        withCredential.length,
        'agent identities holding an active static credential (key, secret, password, certificate), of those with an active credential',
      ),
      ratio(
        'static-credential-over-90-days',
        count(aged, (a) => (a.staticAge as number) > STALE_DAYS),
        aged.length,
        `agent identities whose oldest active static credential was issued or last rotated more than ${STALE_DAYS} days ago, of those with a dated active static credential`,
      ),
      {
        id: 'credential-age-max',
        unit: 'days',
        numerator: maxAge === null ? 0 : count(ages, (d) => d >= maxAge),
        denominator: ages.length,
        value: maxAge === null ? null : roundDays(maxAge),
        description: 'the age in days of the oldest active static credential of any agent identity (since issued or last rotated)',
      },
      {
        id: 'credential-age-p90',
        unit: 'days',
        numerator: p90 === null ? 0 : count(ages, (d) => d >= p90),
        denominator: ages.length,
        value: p90 === null ? null : roundDays(p90),
        description: 'the 90th percentile (nearest rank) of the age in days of each agent identity’s oldest active static credential',
      },
      ratio(
        'unused-90-days',
        count(useMeasured, (a) => a.unused === true),
        useMeasured.length,
        `agent identities not used in the last ${STALE_DAYS} days (or never used, and older than that), of those whose source records use`,
      ),
      ratio(
        'shared-identity',
        count(sharedKnown, (a) => sharedWithAgents(a) || a.environments.length > 1),
        sharedKnown.length,
        'agent identities that are shared: declared shared, listed for several agents, or used in several environments; of those whose use or environments the file gives',
      ),
      ratio(
        'shared-across-agents',
        count(useKnown, sharedWithAgents),
        useKnown.length,
        'agent identities that several agents use (declared shared, or listed for more than one agent), of those whose use the file declares',
      ),
      ratio(
        'personal-account',
        count(useKnown, (a) => a.use === 'personal'),
        useKnown.length,
        'agent identities that are a person’s own account, of those whose use the file declares',
      ),
      ratio(
        'shared-across-environments',
        count(inProduction, crossesEnvironments),
        inProduction.length,
        'production agent identities also used in a non-production environment, of the agent identities used in production',
      ),
      ratio(
        'wildcard-or-admin',
        count(privilegeKnown, (a) => a.privileged === true),
        privilegeKnown.length,
        'agent identities with wildcard or administrator permissions, of those whose permissions the file shows',
      ),
      ratio(
        'credential-without-expiry',
        count(withCredential, (a) => a.noExpiry),
        withCredential.length,
        'agent identities holding an active credential that never expires, of those with an active credential',
      ),
      {
        id: 'credential-lifetime-max',
        unit: 'days',
        numerator: lifetimes.length,
        denominator: withCredential.length,
        value: maxLifetime === null ? null : Math.round(maxLifetime * 10_000) / 10_000,
        description:
          'the longest validity in days of any agent credential, over the agent identities every one of whose active credentials has a known lifetime (numerator) of those with an active credential (denominator)',
      },
      ratio(
        'acts-for-users',
        count(actsKnown, (a) => a.actsForUsers === true),
        actsKnown.length,
        'agents that act on behalf of individual users, of those for which the template says',
      ),
      ratio(
        'automation-on-human-accounts',
        this.automated,
        this.passwordAccounts,
        'accounts of people used by automation (access keys used while the console password is not, or an agent on a person’s account), of the accounts people can sign in with',
      ),
    ];
  }
}

/** The facts of a whole list of classified identities (tests and small imports). */
export function computeFacts(identities: Iterable<ClassifiedIdentity>, now: string | Date): Fact[] {
  const acc = new FactAccumulator(now);
  for (const identity of identities) acc.add(identity);
  return acc.facts();
}
