import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const shim = createRequire(import.meta.url)('./semver-gte.cjs') as { gte: (a: string, b: string) => boolean };

describe('the semver stand-in of the Lambda bundles', () => {
  it('compares major, minor and patch as numbers, as semver.gte does', () => {
    expect(shim.gte('2.2.0', '2.2.0')).toBe(true);
    expect(shim.gte('2.10.0', '2.9.9')).toBe(true);
    expect(shim.gte('2.9.9', '2.10.0')).toBe(false);
    expect(shim.gte('3.0.0', '2.1000.0')).toBe(true);
    expect(shim.gte('1.99.99', '2.0.0')).toBe(false);
    expect(shim.gte('10.0.0', '9.0.0')).toBe(true);
    expect(shim.gte('v2.3.4', '2.3.4')).toBe(true);
    expect(shim.gte('2.3.3', '2.3.4')).toBe(false);
  });
});
