import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_LIFETIME_HOURS, LEGACY_KEY_MAX_AGE_DAYS } from '../core/access/key-lifetime';
import { effectiveExpiry, tokenView } from './tokens';

const createdAt = '2026-06-01T09:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(createdAt) + ms).toISOString();

describe('effectiveExpiry', () => {
  it('gives a bootstrap admin record stored without an expiry its window, and a legacy key its age limit', () => {
    expect(effectiveExpiry({ id: 'bootstrap-admin-0123456789ab', createdAt, expiresAt: null })).toBe(plus(BOOTSTRAP_LIFETIME_HOURS * 3_600_000));
    expect(effectiveExpiry({ id: 'a-minted-key', createdAt, expiresAt: null })).toBe(plus(LEGACY_KEY_MAX_AGE_DAYS * 86_400_000));
    expect(effectiveExpiry({ id: 'a-minted-key', createdAt, expiresAt: plus(1000) })).toBe(plus(1000));
  });

  it('shows no exception for a key stored before keys recorded one', () => {
    const stored = {
      id: 'k',
      hash: 'h',
      organisationId: 'o',
      role: 'owner',
      actorType: 'human',
      label: 'old',
      createdBy: null,
      createdAt,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    };
    expect(tokenView(stored as unknown as Parameters<typeof tokenView>[0]).exception).toBeNull();
  });
});
