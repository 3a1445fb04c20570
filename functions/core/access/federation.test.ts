import { describe, expect, it } from 'vitest';
import { credentialKindProblems, federatedTimeProblem, issuerProblems, MAX_FEDERATED_TOKEN_LIFETIME_S } from './federation';

describe('issuerProblems', () => {
  const strict = { allowHttpLoopback: false };
  const local = { allowHttpLoopback: true };

  it('accepts https issuers as the platforms publish them', () => {
    for (const issuer of [
      'https://token.actions.githubusercontent.com',
      'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
      'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
      'https://accounts.google.com',
    ])
      expect(issuerProblems(issuer, strict)).toEqual([]);
  });

  it('requires https unless the deployment allows http on this machine', () => {
    for (const issuer of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080'])
      expect(issuerProblems(issuer, strict)).toEqual([{ field: ['federation', 'issuer'], message: expect.stringContaining('https') }]);
    expect(issuerProblems('http://127.0.0.1:8080', local)).toEqual([]);
    // Never plain http elsewhere, whatever the flag.
    expect(issuerProblems('http://issuer.example', local)).toHaveLength(1);
    expect(issuerProblems('http://10.0.0.1', local)).toHaveLength(1);
  });

  it('refuses what is not an issuer URL: other schemes, credentials, query, fragment', () => {
    for (const issuer of ['issuer.example', 'ftp://issuer.example', 'https://u:p@issuer.example', 'https://issuer.example/?x=1', 'https://issuer.example/#f'])
      expect(issuerProblems(issuer, strict), issuer).toHaveLength(1);
  });
});

describe('credentialKindProblems', () => {
  it('wants exactly one of jwk and federation, naming both fields otherwise', () => {
    expect(credentialKindProblems({ jwk: {} })).toEqual([]);
    expect(credentialKindProblems({ federation: {} })).toEqual([]);
    for (const request of [{}, { jwk: {}, federation: {} }]) expect(credentialKindProblems(request).map((p) => p.field)).toEqual([['jwk'], ['federation']]);
  });
});

describe('federatedTimeProblem', () => {
  const now = 1_800_000_000;
  it('accepts short-lived tokens and refuses longer-lived or future ones', () => {
    expect(federatedTimeProblem({ iat: now, exp: now + MAX_FEDERATED_TOKEN_LIFETIME_S }, now, 30)).toBeUndefined();
    expect(federatedTimeProblem({ iat: now, exp: now + MAX_FEDERATED_TOKEN_LIFETIME_S + 1 }, now, 30)).toContain('at most 3600 s');
    expect(federatedTimeProblem({ iat: now + 20, exp: now + 300 }, now, 30)).toBeUndefined();
    expect(federatedTimeProblem({ iat: now + 31, exp: now + 300 }, now, 30)).toContain('future');
    expect(federatedTimeProblem({ exp: now + 300 }, now, 30)).toContain('iat');
  });
});
