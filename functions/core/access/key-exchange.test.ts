import { describe, expect, it } from 'vitest';
import { API_KEY_CLAIM, keyTokenClaims, resourceTarget } from './key-exchange';

const AUDIENCE = 'https://aim.example/v1';

describe('resourceTarget', () => {
  it('takes the API (or no resource) as a whole and one assessment by its URL', () => {
    expect(resourceTarget(undefined, AUDIENCE)).toEqual({});
    expect(resourceTarget(AUDIENCE, AUDIENCE)).toEqual({});
    expect(resourceTarget(`${AUDIENCE}/assessments/3f1c-a_9`, AUDIENCE)).toEqual({ assessmentId: '3f1c-a_9' });
  });

  it('refuses anything else: other origins, other paths, ids with paths or queries in them', () => {
    for (const resource of [
      'https://elsewhere.example/v1',
      `${AUDIENCE}/tokens`,
      `${AUDIENCE}/assessments/`,
      `${AUDIENCE}/assessments/a/answers`,
      `${AUDIENCE}/assessments/a?x=1`,
      `${AUDIENCE}/assessments/${'a'.repeat(81)}`,
    ])
      expect(resourceTarget(resource, AUDIENCE), resource).toBeUndefined();
  });
});

describe('keyTokenClaims', () => {
  it('names the key as subject and client, says it rests on a key, and binds what it is given', () => {
    const claims = keyTokenClaims({
      issuer: 'https://aim.example',
      audience: AUDIENCE,
      key: { id: 'k1', organisationId: 'o1', role: 'respondent' },
      scopes: ['session.read', 'assessments.read'],
      assessmentId: 'a1',
      jti: 'j1',
      now: 1000,
      lifetimeSeconds: 600,
      jkt: 'thumb',
    });
    expect(claims).toEqual({
      iss: 'https://aim.example',
      aud: AUDIENCE,
      sub: 'k1',
      client_id: 'k1',
      [API_KEY_CLAIM]: true,
      iat: 1000,
      exp: 1600,
      jti: 'j1',
      org: 'o1',
      role: 'respondent',
      scope: 'session.read assessments.read',
      assessment_id: 'a1',
      cnf: { jkt: 'thumb' },
    });
  });
});
