import { describe, expect, it } from 'vitest';
import { accessTokenClaims, agentScopes, algorithmsFor, publicJwkProblems } from './agents';
import { authorize, authorizeAssessment } from './policy';
import type { Principal } from './principal';

const b64 = (bytes: number) => 'A'.repeat(Math.ceil((bytes * 4) / 3));
const ec = { kty: 'EC', crv: 'P-256', x: b64(32), y: b64(32) };
const rsa = (bits: number) => ({ kty: 'RSA', n: b64(bits / 8), e: 'AQAB' });
const fields = (jwk: Record<string, unknown>) => publicJwkProblems(jwk).map((p) => p.field.join('/'));

describe('publicJwkProblems', () => {
  it('accepts EC P-256 and RSA public keys of 2048 bits and more', () => {
    expect(publicJwkProblems(ec)).toEqual([]);
    expect(publicJwkProblems({ ...ec, alg: 'ES256', use: 'sig', kid: 'k1' })).toEqual([]);
    expect(publicJwkProblems(rsa(2048))).toEqual([]);
    expect(publicJwkProblems({ ...rsa(4096), alg: 'PS256' })).toEqual([]);
  });

  it('refuses private and symmetric key material, naming each member', () => {
    expect(fields({ ...ec, d: b64(32) })).toEqual(['jwk/d']);
    expect(fields({ ...rsa(2048), d: 'x', p: 'y', q: 'z' })).toEqual(['jwk/d', 'jwk/p', 'jwk/q']);
    expect(fields({ kty: 'oct', k: 'c2VjcmV0' })).toEqual(['jwk/k']);
    expect(fields({ kty: 'oct' })).toEqual(['jwk/kty']);
  });

  it('refuses unknown types, other curves, short moduli, wrong algorithms and oversized keys', () => {
    expect(fields({ kty: 'OKP', crv: 'Ed25519', x: b64(32) })).toEqual(['jwk/kty']);
    expect(fields({ kty: 'EC', crv: 'P-384', x: b64(48), y: b64(48) })).toEqual(['jwk/crv', 'jwk/x', 'jwk/y']);
    expect(fields(rsa(1024))).toEqual(['jwk/n']);
    expect(fields({ ...ec, alg: 'HS256' })).toEqual(['jwk/alg']);
    expect(fields({ ...rsa(2048), alg: 'none' })).toEqual(['jwk/alg']);
    expect(fields({ ...ec, use: 'enc' })).toEqual(['jwk/use']);
    expect(fields({ ...ec, x: 'not base64url!' })).toEqual(['jwk/x']);
    expect(fields({ ...ec, extra: 'x'.repeat(5000) })).toEqual(['jwk']);
    expect(fields({})).toEqual(['jwk/kty']);
  });

  it('names the algorithms a key may sign with', () => {
    expect(algorithmsFor(ec)).toEqual(['ES256']);
    expect(algorithmsFor(rsa(2048))).toEqual(['RS256', 'PS256']);
    expect(algorithmsFor({ ...rsa(2048), alg: 'PS256' })).toEqual(['PS256']);
    expect(algorithmsFor({ kty: 'oct' })).toEqual([]);
  });
});

describe('agentScopes', () => {
  it('defaults to everything the role may, and always lets the agent read its session', () => {
    const { scopes, problems } = agentScopes('respondent', undefined, undefined);
    expect(problems).toEqual([]);
    expect(scopes).toEqual(expect.arrayContaining(['session.read', 'assessments.answer', 'assessments.submit', 'assessments.create']));
    expect(scopes).not.toContain('agents.register');
  });

  it('narrows to the requested operations', () => {
    expect(agentScopes('respondent', ['assessments.read', 'assessments.answer'], undefined).scopes.sort()).toEqual([
      'assessments.answer',
      'assessments.read',
      'session.read',
    ]);
  });

  it("refuses operations beyond the role's, by index", () => {
    expect(agentScopes('leader', ['assessments.read', 'assessments.submit'], undefined).problems).toEqual([
      { field: ['scopes', 1], message: 'the leader role may not perform assessments.submit' },
    ]);
  });

  it('creates nothing and reads no audit trail when bound to an assessment', () => {
    expect(agentScopes('respondent', undefined, 'a1').scopes).not.toContain('assessments.create');
    expect(agentScopes('leader', undefined, 'a1').scopes).not.toContain('audit.read');
    expect(agentScopes('leader', undefined, 'a1').scopes).not.toContain('targets.write');
    expect(agentScopes('leader', undefined, 'a1').scopes).toContain('targets.read');
    expect(agentScopes('leader', undefined, undefined).scopes).toContain('targets.write');
    expect(agentScopes('leader', undefined, undefined).scopes).toContain('audit.read');
  });
});

describe('accessTokenClaims', () => {
  const agent = { id: 'agent-1', organisationId: 'org-1', role: 'respondent' as const, assessmentId: null };
  const base = {
    issuer: 'https://aim.example',
    audience: 'https://aim.example/v1',
    agent,
    scopes: ['session.read', 'assessments.read'],
    jti: 'j1',
    now: 1000,
    lifetimeSeconds: 600,
  };

  it('builds an audience-bound, short-lived token for the agent', () => {
    expect(accessTokenClaims(base)).toEqual({
      iss: 'https://aim.example',
      aud: 'https://aim.example/v1',
      sub: 'agent-1',
      client_id: 'agent-1',
      iat: 1000,
      exp: 1600,
      jti: 'j1',
      org: 'org-1',
      role: 'respondent',
      scope: 'session.read assessments.read',
    });
  });

  it('binds it to a DPoP key and an assessment when asked', () => {
    const claims = accessTokenClaims({ ...base, agent: { ...agent, assessmentId: 'a1' }, jkt: 'thumb' });
    expect(claims).toMatchObject({ cnf: { jkt: 'thumb' }, assessment_id: 'a1' });
  });
});

describe('scopes in the policy', () => {
  const agent: Principal = {
    tokenId: 'a1',
    label: 'bot',
    role: 'respondent',
    actorType: 'agent',
    organisationId: 'org-1',
    scopes: ['assessments.read', 'assessments.answer'],
  };

  it('narrow the role: an answer-only agent may answer, not submit', () => {
    expect(() => authorize(agent, 'assessments.answer')).not.toThrow();
    expect(() => authorize(agent, 'assessments.submit')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // The role still bounds the scope.
    expect(() => authorize({ ...agent, scopes: ['benchmarks.read'] }, 'benchmarks.read')).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('hide every other assessment from a bound token (404)', () => {
    const bound = { ...agent, assessmentId: 'mine' };
    expect(() => authorizeAssessment(bound, 'assessments.read', 'mine')).not.toThrow();
    expect(() => authorizeAssessment(bound, 'assessments.read', 'theirs')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => authorizeAssessment(agent, 'assessments.read', 'theirs')).not.toThrow();
  });
});
