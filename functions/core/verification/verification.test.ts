import { describe, expect, it } from 'vitest';
import { countsInBenchmarks, decisionAllowed, verificationOf } from './verification';

describe('verification', () => {
  it('counts only verified organisations that contribute', () => {
    expect(countsInBenchmarks({ state: 'contributing', verification: 'verified' })).toBe(true);
    expect(countsInBenchmarks({ state: 'contributing', verification: 'unverified' })).toBe(false);
    expect(countsInBenchmarks({ state: 'contributing', verification: 'rejected' })).toBe(false);
    expect(countsInBenchmarks({ state: 'opted-out', verification: 'verified' })).toBe(false);
    expect(countsInBenchmarks({ state: 'withdrawn', verification: 'verified' })).toBe(false);
    expect(countsInBenchmarks(undefined)).toBe(false);
  });

  it('reads profiles stored before verification as unverified', () => {
    expect(verificationOf(undefined)).toBe('unverified');
    expect(verificationOf('verified')).toBe('verified');
    expect(verificationOf('bogus')).toBe('unverified');
  });

  it('refuses a decision that changes nothing', () => {
    expect(decisionAllowed('unverified', 'verified')).toBe(true);
    expect(decisionAllowed('verified', 'unverified')).toBe(true);
    expect(decisionAllowed('rejected', 'verified')).toBe(true);
    expect(decisionAllowed('verified', 'verified')).toBe(false);
  });
});
