import { describe, expect, it } from 'vitest';
import { platformAgentScopes } from './platform-agents';

describe('platformAgentScopes', () => {
  it('defaults to registering organisations, and always reads its session', () => {
    expect(platformAgentScopes(undefined)).toEqual({ scopes: ['session.read', 'organisations.register'], problems: [] });
  });

  it('refuses any admin operation beyond the platform agent scopes', () => {
    const { problems } = platformAgentScopes(['organisations.register', 'memberships.grant', 'assessments.read']);
    expect(problems.map((p) => p.field)).toEqual([
      ['scopes', 1],
      ['scopes', 2],
    ]);
  });
});
