import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSightings, DEFAULT_SHARED_USE_RULE, MAX_SOURCES, networkOf, sharedUseVerdict, shouldRaise, sourcesOf, type Sighting } from './shared-use';

const rule = DEFAULT_SHARED_USE_RULE;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** Sightings of each (address, jkt?, minute) in order, as the service adds them. */
const seen = (...uses: [string, string | undefined, number][]) =>
  uses.reduce<Sighting[]>((acc, [address, jkt, minute]) => addSightings(acc, sourcesOf(address, jkt), at(minute), rule), []);

describe('networkOf', () => {
  it('cuts IPv4 to /24 and IPv6 to /48, and never keeps the full address', () => {
    expect(networkOf('203.0.113.57')).toBe('net:203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.57')).toBe('net:203.0.113.0/24');
    expect(networkOf('2001:db8:abcd:12::1')).toBe('net:2001:db8:abcd::/48');
    expect(networkOf('2001:db8::1')).toBe('net:2001:db8:0::/48');
  });
});

describe('sharedUseVerdict', () => {
  it('one address used again and again is not shared use', () => {
    const sightings = seen(...Array.from({ length: 50 }, (_, i) => ['198.51.100.7', undefined, i / 10] as [string, undefined, number]));
    expect(sharedUseVerdict(sightings, at(5), rule)).toEqual({ suspected: false, sources: 1 });
  });

  it('addresses in one /24 (a NAT pool, a changing egress) count as one network', () => {
    const sightings = seen(['198.51.100.7', undefined, 0], ['198.51.100.8', undefined, 1], ['198.51.100.9', undefined, 2]);
    expect(sharedUseVerdict(sightings, at(2), rule).suspected).toBe(false);
  });

  it('three networks within the window are suspected; two are not', () => {
    const two = seen(['198.51.100.7', undefined, 0], ['203.0.113.7', undefined, 1]);
    expect(sharedUseVerdict(two, at(1), rule).suspected).toBe(false);
    const three = addSightings(two, sourcesOf('192.0.2.7'), at(2), rule);
    expect(sharedUseVerdict(three, at(2), rule)).toEqual({ suspected: true, sources: 3 });
  });

  it('networks spread wider than the window are not suspected', () => {
    const sightings = seen(['198.51.100.7', undefined, 0], ['203.0.113.7', undefined, 10], ['192.0.2.7', undefined, 20]);
    expect(sharedUseVerdict(sightings, at(20), rule).suspected).toBe(false);
  });

  it('two DPoP keys within the window are suspected, even from one address', () => {
    const sightings = seen(['198.51.100.7', 'jkt-a', 0], ['198.51.100.7', 'jkt-b', 1]);
    expect(sharedUseVerdict(sightings, at(1), rule)).toEqual({ suspected: true, sources: 3 });
  });

  it('property: never suspected with fewer distinct networks and keys than the rule asks, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 30 }))), (uses) => {
        // At most two networks (0 and 1) and no DPoP keys: below the rule.
        const sightings = uses
          .sort((a, b) => a[2] - b[2])
          .reduce<Sighting[]>((acc, [net, host, minute]) => addSightings(acc, sourcesOf(`10.0.${net}.${host}`), at(minute), rule), []);
        return !sharedUseVerdict(sightings, at(30), rule).suspected;
      }),
    );
  });

  it('property: at least `networks` distinct networks within the window are always suspected', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: rule.networks, maxLength: 20 }), (nets) => {
        const sightings = nets.reduce<Sighting[]>((acc, net, i) => addSightings(acc, sourcesOf(`10.${net}.0.1`), at(i / 10), rule), []);
        return sharedUseVerdict(sightings, at(nets.length / 10), rule).suspected;
      }),
    );
  });
});

describe('addSightings', () => {
  it('keeps each source once with its latest time, at most MAX_SOURCES, the most recent first', () => {
    const uses = Array.from({ length: 20 }, (_, i) => [`10.${i}.0.1`, undefined, i / 10] as [string, undefined, number]);
    const sightings = seen(...uses, ['10.0.0.1', undefined, 3]);
    expect(sightings).toHaveLength(MAX_SOURCES);
    expect(sightings[0]).toEqual({ source: 'net:10.0.0.0/24', at: at(3) });
    expect(new Set(sightings.map((s) => s.source)).size).toBe(MAX_SOURCES);
  });

  it('drops sightings older than the window', () => {
    expect(seen(['10.0.0.1', undefined, 0], ['10.1.0.1', undefined, 16]).map((s) => s.source)).toEqual(['net:10.1.0.0/24']);
  });
});

describe('shouldRaise', () => {
  it('once per window', () => {
    expect(shouldRaise(null, at(0), rule)).toBe(true);
    expect(shouldRaise(at(0), at(14), rule)).toBe(false);
    expect(shouldRaise(at(0), at(15), rule)).toBe(true);
  });
});
