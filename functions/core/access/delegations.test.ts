import { describe, expect, it } from 'vitest';
import { delegatedAccess, delegatedTokenClaims, delegationState } from './delegations';
import { operationsOf } from './policy';

describe('delegatedAccess', () => {
  it('an owner delegating gets the agent’s role and scopes, without creating assessments or reading the audit trail', () => {
    const agent = { role: 'leader' as const, scopes: operationsOf('leader') };
    const { role, scopes } = delegatedAccess('owner', agent);
    expect(role).toBe('leader');
    expect(scopes).toContain('assessments.benchmark');
    expect(scopes).not.toContain('audit.read');
    expect(scopes).not.toContain('assessments.create');
    // Targets are the organisation's, not the one assessment's: read, never set.
    expect(scopes).toContain('targets.read');
    expect(scopes).not.toContain('targets.write');
  });

  it('a respondent delegating to a leader agent keeps only what both may do', () => {
    const { role, scopes } = delegatedAccess('respondent', { role: 'leader', scopes: operationsOf('leader') });
    expect(role).toBe('respondent');
    expect([...scopes].sort()).toEqual([
      'assessments.list',
      'assessments.read',
      'evidence.read',
      'milestones.read',
      'plan.read',
      'scopes.read',
      'session.read',
      'targets.read',
    ]);
  });

  it('never more than the agent’s scopes', () => {
    const { scopes } = delegatedAccess('owner', { role: 'respondent', scopes: ['assessments.read', 'session.read'] });
    expect(scopes).toEqual(['session.read', 'assessments.read']);
  });
});

describe('delegationState', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('live until it expires or is revoked', () => {
    expect(delegationState({ expiresAt: '2026-01-01T12:00:01Z', revokedAt: null }, now)).toBe('live');
    expect(delegationState({ expiresAt: '2026-01-01T12:00:00Z', revokedAt: null }, now)).toBe('expired');
    expect(delegationState({ expiresAt: '2026-01-01T13:00:00Z', revokedAt: '2026-01-01T11:00:00Z' }, now)).toBe('revoked');
  });
});

describe('delegatedTokenClaims', () => {
  it('names the person as sub and the agent as act.sub (RFC 8693 §4.1)', () => {
    const claims = delegatedTokenClaims({
      issuer: 'http://aim',
      audience: 'http://aim/v1',
      delegation: {
        id: 'd1',
        agentId: 'a1',
        personId: 'p_1',
        personName: 'Grace',
        organisationId: 'o1',
        assessmentId: 's1',
        role: 'respondent',
        scopes: ['assessments.read'],
        expiresAt: '2026-01-01T13:00:00Z',
        revokedAt: null,
      },
      agentLabel: 'bot',
      scopes: ['assessments.read'],
      jti: 'j',
      now: 100,
      lifetimeSeconds: 60,
      jkt: 'thumb',
    });
    expect(claims).toMatchObject({
      sub: 'p_1',
      act: { sub: 'a1' },
      client_id: 'a1',
      exp: 160,
      assessment_id: 's1',
      aim_delegation_id: 'd1',
      cnf: { jkt: 'thumb' },
    });
  });
});
