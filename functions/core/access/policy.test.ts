import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { authorize, authorizeAssessment, isAllowed, organisationOf, policy, type Operation } from './policy';
import { Role, type Principal } from './principal';

const roles = ['owner', 'leader', 'respondent', 'analyst', 'admin'] as const;

/** The intended matrix, written out by hand (Y = allowed). Columns follow `roles`. */
const expected: Record<Operation, string> = {
  //                          owner leader respondent analyst admin
  'session.read': 'Y     Y      Y          Y       Y',
  'tokens.mint': 'Y     .      .          .       Y',
  'tokens.list': 'Y     .      .          .       Y',
  'tokens.revoke': 'Y     .      .          .       Y',
  'agents.register': 'Y     .      .          .       .',
  'agents.list': 'Y     Y      Y          .       .',
  'agents.revoke': 'Y     .      .          .       .',
  'members.list': 'Y     .      .          .       .',
  'members.manage': 'Y     .      .          .       .',
  'invitations.create': 'Y     .      .          .       .',
  'invitations.list': 'Y     .      .          .       .',
  'invitations.revoke': 'Y     .      .          .       .',
  'audit.read': 'Y     Y      .          .       .',
  'organisation.export': 'Y     .      .          .       .',
  'organisation.delete': 'Y     .      .          .       .',
  'assessments.reopen': 'Y     .      Y          .       .',
  'assessments.create': 'Y     .      Y          .       .',
  'assessments.list': 'Y     Y      Y          .       .',
  'assessments.read': 'Y     Y      Y          .       .',
  'assessments.answer': 'Y     .      Y          .       .',
  'assessments.submit': 'Y     .      Y          .       .',
  'assessments.upgrade': 'Y     .      Y          .       .',
  'assessments.benchmark': 'Y     Y      .          .       .',
  'assessments.report': 'Y     Y      .          .       .',
  'evidence.import': 'Y     .      Y          .       .',
  'evidence.read': 'Y     Y      Y          .       .',
  'targets.read': 'Y     Y      Y          .       .',
  'targets.write': 'Y     Y      .          .       .',
  'plan.read': 'Y     Y      Y          .       .',
  'plan.write': 'Y     Y      .          .       .',
  'plan.updateOwn': 'Y     Y      Y          .       .',
  'milestones.read': 'Y     Y      Y          .       .',
  'milestones.write': 'Y     Y      .          .       .',
  'scopes.read': 'Y     Y      Y          .       .',
  'scopes.write': 'Y     .      .          .       .',
  'benchmarks.read': '.     .      .          Y       Y',
  'organisation.settings': 'Y     .      .          .       .',
  'organisations.register': '.     .      .          .       Y',
  'organisations.queue': '.     .      .          .       Y',
  'organisations.verify': '.     .      .          .       Y',
  'memberships.grant': '.     .      .          .       Y',
  'platformAgents.register': '.     .      .          .       Y',
  'platformAgents.list': '.     .      .          .       Y',
  'platformAgents.revoke': '.     .      .          .       Y',
};

const principal = (role: (typeof roles)[number], organisationId: string | null = 'org-1'): Principal => ({
  tokenId: `tok-${role}`,
  label: `${role} token`,
  role,
  actorType: 'human',
  organisationId,
});

const cases = Object.entries(expected).flatMap(([operation, row]) => {
  const cells = row.split(/\s+/);
  return roles.map((role, i) => [operation as Operation, role, cells[i] === 'Y'] as const);
});

describe('policy', () => {
  it('covers exactly the operations and roles of the expected matrix', () => {
    expect(Object.keys(policy).sort()).toEqual(Object.keys(expected).sort());
    expect([...Role.options].sort()).toEqual([...roles].sort());
    for (const row of Object.values(expected)) expect(row.split(/\s+/)).toHaveLength(roles.length);
  });

  it.each(cases)('%s by %s: allowed = %s', (operation, role, allowed) => {
    expect(isAllowed(principal(role), operation)).toBe(allowed);
    if (allowed) expect(() => authorize(principal(role), operation)).not.toThrow();
    else {
      let error: unknown;
      try {
        authorize(principal(role), operation);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('forbidden');
      expect((error as DomainError).message).toContain(operation);
    }
  });

  it('does not depend on actor type or organisation', () => {
    for (const [operation, role, allowed] of cases) {
      expect(isAllowed({ ...principal(role, null), actorType: 'agent' }, operation)).toBe(allowed);
    }
  });
});

describe('organisationOf', () => {
  it('gives the organisation of an organisation token', () => {
    expect(organisationOf(principal('owner', 'org-42'))).toBe('org-42');
  });

  it.each(['analyst', 'admin'] as const)('refuses a platform %s token with forbidden', (role) => {
    let error: unknown;
    try {
      organisationOf(principal(role, null));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('forbidden');
  });
});

describe('the decision log', () => {
  it('gets every decision of authorize, allowed or refused with its code, in order', () => {
    const respondent: Principal = { ...principal('respondent'), decisions: [] };
    authorize(respondent, 'assessments.read');
    expect(() => authorize(respondent, 'tokens.list')).toThrow(DomainError);
    const scoped: Principal = { ...principal('owner'), scopes: ['assessments.read'], decisions: [] };
    expect(() => authorize(scoped, 'assessments.answer')).toThrow(DomainError);
    expect(respondent.decisions).toEqual([
      { outcome: 'allowed', operation: 'assessments.read' },
      { outcome: 'refused', operation: 'tokens.list', reason: 'forbidden' },
    ]);
    expect(scoped.decisions).toEqual([{ outcome: 'refused', operation: 'assessments.answer', reason: 'forbidden' }]);
  });

  it('records an assessment outside a token binding as refused with not_found, after the role allowed it', () => {
    const bound: Principal = { ...principal('respondent'), assessmentId: 'a-1', decisions: [] };
    authorizeAssessment(bound, 'assessments.read', 'a-1');
    expect(() => authorizeAssessment(bound, 'assessments.read', 'a-2')).toThrow(DomainError);
    expect(bound.decisions).toEqual([
      { outcome: 'allowed', operation: 'assessments.read' },
      { outcome: 'allowed', operation: 'assessments.read' },
      { outcome: 'refused', operation: 'assessments.read', reason: 'not_found' },
    ]);
  });

  it('is optional: a principal without one is authorized as before', () => {
    const owner = principal('owner');
    authorize(owner, 'tokens.list');
    expect(owner.decisions).toBeUndefined();
  });
});
