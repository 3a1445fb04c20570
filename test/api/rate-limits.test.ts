/**
 * Issue 13, finding 7: the brake on failed authentication holds back guesses, not those
 * who hold a valid token or send none; registration and invitation acceptance are
 * limited per client. Through a real server on DynamoDB Local (every client here is
 * 127.0.0.1, as behind one NAT).
 */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { startTestPlatform } from '../support/platform-fixture';
import { organisationDetails } from '../support/api-steps';

const organisation = (name: string) => organisationDetails(name, { industry: 'retail', sizeBand: '50-249' });

describe('the failed-authentication brake', () => {
  it('holds back unknown secrets from a throttled client, never valid tokens it has seen or requests without a token', async () => {
    const strict = await startTestPlatform({ env: { AIM_AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const api = apiClient(strict.url);
      const owner = (await api.post('/v1/organisations', organisation('Shared Address Ltd'))).body.token.secret as string;
      expect((await api.get('/v1/assessments', owner)).status).toBe(200);
      const colleague = (await api.post('/v1/tokens', { role: 'respondent', label: 'colleague' }, owner)).body.token.secret as string;
      expect((await api.get('/v1/assessments', colleague)).status).toBe(200);
      const unused = (await api.post('/v1/tokens', { role: 'leader', label: 'not used yet' }, owner)).body.token;

      // Someone behind the same address guesses keys, sent to the API as they are.
      const guess = (secret: string) => api.call('GET', '/v1/assessments', { token: secret, raw: true });
      for (let i = 0; i < 3; i++) expect((await guess(`aim_guess_${i}`)).status).toBe(401);
      const limited = await guess('aim_guess_3');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      // Valid tokens seen to authenticate here go on working, reads and writes alike.
      expect((await api.get('/v1/assessments', owner)).status).toBe(200);
      expect((await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, colleague)).status).toBe(201);
      // Requests without a token are not guesses: their normal answer.
      const anonymous = await api.get('/v1/assessments');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('unauthenticated');
      expect((await api.get('/v1/taxonomy')).status).toBe(200);
      // A secret never seen to succeed waits like any guess: nothing is looked up, no oracle.
      expect((await api.get('/v1/assessments', unused.secret)).status).toBe(429);
      expect((await guess('aim_guess_4')).status).toBe(429);

      // A known token is still authenticated in full: revocation applies at once.
      const colleagueId = (await api.get('/v1/session', colleague)).body.tokenId as string;
      expect((await api.del(`/v1/tokens/${colleagueId}`, owner)).status).toBe(204);
      const revoked = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, colleague);
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe('token_revoked');
      // …and from then on it is no longer known: held back like a guess.
      expect((await api.get('/v1/assessments', colleague)).status).toBe(429);
      expect((await api.get('/v1/assessments', owner)).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });
});

describe('registration and invitation acceptance', () => {
  it('limits registrations per client, with 429 and Retry-After', async () => {
    const strict = await startTestPlatform({ env: { AIM_REGISTRATIONS_PER_HOUR: '2' } });
    try {
      const api = apiClient(strict.url);
      expect((await api.post('/v1/organisations', organisation('First Ltd'))).status).toBe(201);
      const second = await api.post('/v1/organisations', organisation('Second Ltd'));
      expect(second.status).toBe(201);
      const third = await api.post('/v1/organisations', organisation('Third Ltd'));
      expect(third.status).toBe(429);
      expect(third.headers.get('content-type')).toContain('application/problem+json');
      expect(third.body.code).toBe('too_many_requests');
      const retryAfter = Number(third.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // Nothing was created, and the organisations already registered carry on.
      expect((await api.get('/v1/assessments', second.body.token.secret)).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it('limits invitation acceptances per client, wrong codes included', async () => {
    const strict = await startTestPlatform({ env: { AIM_INVITATION_ACCEPTS_PER_HOUR: '2' } });
    try {
      const api = apiClient(strict.url);
      const owner = (await api.post('/v1/organisations', organisation('Inviting Ltd'))).body.token.secret as string;
      const codes: string[] = [];
      for (let i = 0; i < 2; i++)
        codes.push((await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label: `invitee ${i}` }, owner)).body.code);
      expect((await api.post('/v1/invitations/accept', { code: codes[0] })).status).toBe(201);
      expect((await api.post('/v1/invitations/accept', { code: 'inv_a-guessed-code-that-was-never-issued' })).status).toBe(404);
      const limited = await api.post('/v1/invitations/accept', { code: codes[1] });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3500);
      // The invitation was not used up by the refused attempt.
      const pending = (await api.get('/v1/invitations', owner)).body.invitations.filter((i: { status: string }) => i.status === 'pending');
      expect(pending).toHaveLength(1);
    } finally {
      await strict.stop();
    }
  });
});
