import { describe, expect, it } from 'vitest';
import { agentInvitationRoleProblems, humanKeyProblems, privilegedKeyLifetimeProblems } from './agent-keys';

describe('static keys are never people and privileged ones are just in time', () => {
  it('refuses a key asked for a person, naming actorType', () => {
    expect(humanKeyProblems('human')).toEqual([{ field: ['actorType'], message: expect.stringContaining('people sign in') }]);
    expect(humanKeyProblems('agent')).toEqual([]);
  });

  it('refuses days for an owner or admin key, and lets other keys ask for them', () => {
    expect(privilegedKeyLifetimeProblems('owner', 1)).toEqual([{ field: ['expiresInDays'], message: expect.stringContaining('1 hour') }]);
    expect(privilegedKeyLifetimeProblems('admin', 90).map((p) => p.field)).toEqual([['expiresInDays']]);
    expect(privilegedKeyLifetimeProblems('owner', undefined)).toEqual([]);
    expect(privilegedKeyLifetimeProblems('leader', 90)).toEqual([]);
  });

  it("refuses a privileged role on an agent's invitation only", () => {
    expect(agentInvitationRoleProblems('agent', 'owner').map((p) => p.field)).toEqual([['role']]);
    expect(agentInvitationRoleProblems('human', 'owner')).toEqual([]);
    expect(agentInvitationRoleProblems('agent', 'respondent')).toEqual([]);
  });
});
