/**
 * A run that mints every kind of secret AIM hands out (owner tokens at registration,
 * minted organisation and platform tokens, invitation codes and the tokens they yield)
 * and causes errors with them (revoked, used and wrong secrets, invalid bodies). It
 * returns every secret seen and every response that must not carry one.
 */
import { randomBytes } from 'node:crypto';
import type { JsonClient, JsonResponse } from '../../bench/load-http';

export interface SecretRun {
  secrets: string[];
  /** Responses that are not the one place a secret is shown (errors, audit, export, lists). */
  mustNotCarrySecrets: JsonResponse[];
}

export async function mintAndMisuseSecrets(api: JsonClient, adminToken: string): Promise<SecretRun> {
  const secrets: string[] = [];
  const checked: JsonResponse[] = [];
  const expect2xx = (res: JsonResponse, what: string) => {
    if (res.status < 200 || res.status >= 300) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const org = expect2xx(await api.post('/v1/organisations', { name: 'Secret keeper', industry: 'energy', sizeBand: '50-249', region: 'europe' }), 'register');
  const owner = org.body.token.secret as string;
  secrets.push(owner);
  const mint = async (token: string, body: Record<string, unknown>) => {
    const res = expect2xx(await api.post('/v1/tokens', body, token), 'mint');
    secrets.push(res.body.token.secret);
    return res.body.token as { id: string; secret: string };
  };
  const agent = await mint(owner, { role: 'respondent', actorType: 'agent', label: 'answering agent' });
  const leader = await mint(owner, { role: 'leader', label: 'leader' });
  await mint(adminToken, { role: 'analyst', label: 'analyst' });

  const invite = async () => {
    const res = expect2xx(await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label: 'invited' }, owner), 'invite');
    secrets.push(res.body.code);
    return res.body as { code: string; invitation: { id: string } };
  };
  const accepted = await invite();
  const joined = expect2xx(await api.post('/v1/invitations/accept', { code: accepted.code }), 'accept');
  secrets.push(joined.body.token.secret);
  const revokedInvite = await invite();
  checked.push(await api.call('DELETE', `/v1/invitations/${revokedInvite.invitation.id}`, { token: owner }));

  // Errors carrying secrets: a used code, a revoked code, a revoked token, a wrong token.
  checked.push(await api.post('/v1/invitations/accept', { code: accepted.code }));
  checked.push(await api.post('/v1/invitations/accept', { code: revokedInvite.code }));
  checked.push(await api.call('DELETE', `/v1/tokens/${agent.id}`, { token: owner }));
  checked.push(await api.get('/v1/session', agent.secret));
  const wrong = `aim_${randomBytes(32).toString('base64url')}`;
  secrets.push(wrong);
  checked.push(await api.get('/v1/assessments', wrong));
  checked.push(await api.call('GET', '/v1/assessments', { headers: { authorization: `Basic ${owner}` } }));
  // Invalid requests by valid tokens, and a role that may not do it.
  const draft = expect2xx(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner), 'create');
  checked.push(await api.patch(`/v1/assessments/${draft.body.id}/answers`, { revision: 0, answers: { 'agent-inventory': { value: 'not-an-option' } } }, owner));
  checked.push(await api.post('/v1/tokens', { role: 'owner', label: 'x' }, leader.secret));
  checked.push(await api.post('/v1/invitations/accept', { code: owner }));
  checked.push(await api.call('POST', '/v1/organisations', { headers: { 'content-type': 'application/json' }, body: undefined }));

  // Where the trail and the organisation's data are read back.
  checked.push(expect2xx(await api.get('/v1/audit?limit=200', owner), 'audit'));
  checked.push(expect2xx(await api.get('/v1/organisation/export', owner), 'export'));
  checked.push(expect2xx(await api.get('/v1/tokens', owner), 'tokens'));
  checked.push(expect2xx(await api.get('/v1/invitations', owner), 'invitations'));
  checked.push(expect2xx(await api.get('/v1/tokens', adminToken), 'platform tokens'));
  return { secrets, mustNotCarrySecrets: checked };
}

/** The secrets that occur in `text` (none, when all is well). */
export const leakedIn = (text: string, secrets: readonly string[]) => secrets.filter((s) => text.includes(s));
