/**
 * Shared use of one identity (docs/security.md, "Shared use of one identity"): a key or an
 * agent seen from more distinct sources within a window than one process would use. Pure:
 * the caller passes the sightings and the time.
 *
 * A source is a network (the client address cut to its /24 or /48, so that a NAT pool or a
 * cloud function's changing egress within one network is one source, and no full address is
 * stored) or a DPoP proof key (its thumbprint). One process keeps one proof key, so two keys
 * in one window are two holders; networks need more, as a roaming client may change one.
 */

export interface SharedUseRule {
  /** Distinct networks within the window at which the credential is suspected. */
  networks: number;
  /** Distinct DPoP keys within the window at which the credential is suspected. */
  keys: number;
  windowMinutes: number;
}

export const DEFAULT_SHARED_USE_RULE: SharedUseRule = { networks: 3, keys: 2, windowMinutes: 15 };

/** Sources remembered per credential: the most recently seen ones. */
export const MAX_SOURCES = 8;

/** One source of a credential and when it was last seen (ISO time). */
export interface Sighting {
  source: string;
  at: string;
}

const NETWORK = 'net:';
const KEY = 'key:';

/** The network of an address: IPv4 /24, IPv6 /48 (an IPv4-mapped IPv6 address as IPv4), else the text itself, cut short. */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(mapped ?? address);
  if (v4) return `${NETWORK}${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (address.includes(':')) {
    const [head = ''] = address.toLowerCase().split('::');
    const groups = head.split(':').filter(Boolean);
    return `${NETWORK}${[...groups, '0', '0', '0'].slice(0, 3).join(':')}::/48`;
  }
  return `${NETWORK}${address.slice(0, 64)}`;
}

export const keySource = (jkt: string) => `${KEY}${jkt.slice(0, 64)}`;

/** The sources of one request: its network, and its DPoP key when it proved one. */
export const sourcesOf = (address: string, jkt?: string): string[] => [networkOf(address), ...(jkt ? [keySource(jkt)] : [])];

/**
 * The remembered sightings after `seen` at `at`: each source once with its latest time,
 * those older than the window dropped, the MAX_SOURCES most recent kept.
 */
export function addSightings(previous: readonly Sighting[], seen: readonly string[], at: string, rule: SharedUseRule): Sighting[] {
  const since = Date.parse(at) - rule.windowMinutes * 60_000;
  const latest = new Map<string, string>();
  for (const s of previous) if (Date.parse(s.at) > since && (latest.get(s.source) ?? '') < s.at) latest.set(s.source, s.at);
  for (const source of seen) latest.set(source, at);
  return [...latest]
    .map(([source, time]) => ({ source, at: time }))
    .sort((a, b) => b.at.localeCompare(a.at) || a.source.localeCompare(b.source))
    .slice(0, MAX_SOURCES);
}

/** How many distinct networks and DPoP keys the sightings within the window (ending at `at`) hold. */
export function distinctSources(sightings: readonly Sighting[], at: string, rule: SharedUseRule): { networks: number; keys: number } {
  const since = Date.parse(at) - rule.windowMinutes * 60_000;
  const recent = new Set(sightings.filter((s) => Date.parse(s.at) > since).map((s) => s.source));
  const count = (prefix: string) => [...recent].filter((s) => s.startsWith(prefix)).length;
  return { networks: count(NETWORK), keys: count(KEY) };
}

export interface SharedUseVerdict {
  suspected: boolean;
  /** Distinct sources within the window (networks and keys): what the audit event and the view report. */
  sources: number;
}

/**
 * Whether the credential is suspected of shared use now, given its sightings (already
 * including the new one): at least `networks` distinct networks or `keys` distinct DPoP keys
 * within the window.
 */
export function sharedUseVerdict(sightings: readonly Sighting[], at: string, rule: SharedUseRule): SharedUseVerdict {
  const { networks, keys } = distinctSources(sightings, at, rule);
  return { suspected: networks >= rule.networks || keys >= rule.keys, sources: networks + keys };
}

/** A suspicion is raised once per credential and window: again only when the last one is older than the window. */
export const shouldRaise = (lastSuspectedAt: string | null | undefined, at: string, rule: SharedUseRule) =>
  !lastSuspectedAt || Date.parse(at) - Date.parse(lastSuspectedAt) >= rule.windowMinutes * 60_000;
