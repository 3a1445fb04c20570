/**
 * A leaked secret is revoked wherever it is found (docs/security.md, "Leaked secrets"),
 * through a real server on DynamoDB Local: an agent's private key pasted into an answer
 * or reported revokes the agent; a key that reached a log line through the real logger is
 * revoked; the repository scan reports what it finds in a repository and its history to a
 * deployment, which revokes it; organisation names and grant reasons are checked like labels.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { createObservability } from '../../functions/adapters/observability';
import { createServices, logLeakRevoker } from '../../functions/composition';
import type { Question } from '../../functions/core/questionnaire/model';
import { LEAK_OPERATIONS } from '../../functions/services/leaked-secrets';
import { answerFor } from '../support/answering';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft, organisationDetails, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  platform = await startTestPlatform({ withAdminKey: false, env: { AIM_LEAK_REPORTS_PER_HOUR: '100000' } });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

const question = loadCatalogue()
  .get('agent-identity', '1.0.0')
  .questions.find((q: Question) => !q.showIf && q.type === 'single')!;
const answer = (extra: Record<string, unknown>) => ({ ...answerFor(question, () => 0), ...extra });
const auditOf = async (owner: string) => (await api.get('/v1/audit?limit=200', owner)).body.events as { operation: string; actor: any; target: any }[];

/** An organisation, its owner key, a second key of it and a pending invitation, all of which will leak. */
async function organisationWithSecrets(name: string) {
  const { token: owner } = await registerOrganisation(api, name);
  const minted = await api.post('/v1/tokens', { role: 'respondent', label: 'ci script' }, owner.secret);
  expect(minted.status).toBe(201);
  const invited = await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label: 'bot' }, owner.secret);
  expect(invited.status).toBe(201);
  return {
    owner: owner.secret,
    key: minted.body.token as { id: string; secret: string },
    invitation: { id: invited.body.invitation.id as string, code: invited.body.code as string },
  };
}

/** An organisation with an agent registered with a new ES256 key, and that key's private half. */
async function organisationWithAgent(name: string) {
  const { token: owner } = await registerOrganisation(api, name);
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const registered = await api.post('/v1/agents', { label: 'survey bot', role: 'respondent', jwk: await exportJWK(publicKey) }, owner.secret);
  expect(registered.status).toBe(201);
  return { owner: owner.secret, agentId: registered.body.agent.id as string, privateKey, privateJwk: await exportJWK(privateKey) };
}

/** The token endpoint's answer to the agent's client-credentials grant, signed with its key. */
async function tokenFor(agentId: string, privateKey: CryptoKey) {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(agentId)
    .setSubject(agentId)
    .setAudience(tokenEndpointOf(platform.url))
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(privateKey);
  return postTokenForm(platform.url, clientCredentialsGrant(assertion));
}

const statusOfInvitation = async (owner: string, id: string) =>
  ((await api.get('/v1/invitations', owner)).body.invitations as { id: string; status: string }[]).find((i) => i.id === id)?.status;

describe("an agent's private key found leaked", () => {
  it('pasted into an answer comment: refused, and the agent registered with it is revoked at once and audited', async () => {
    const { owner, agentId, privateKey, privateJwk } = await organisationWithAgent('Pasted Agent Key Ltd');
    expect((await tokenFor(agentId, privateKey)).status).toBe(200);
    const draft = await createDraft(api, owner);
    const res = await api.patch(
      `/v1/assessments/${draft.id}/answers`,
      { revision: 0, answers: { [question.id]: answer({ comment: `our bot's key: ${JSON.stringify(privateJwk)}` }) } },
      owner,
    );
    expectProblem(res, 400, 'secret_in_text', `/body/answers/${question.id}/comment`);
    expect(res.body).toMatchObject({ revokedKeys: 0, revokedAgents: 1 });
    expect(JSON.stringify(res.body)).not.toContain(privateJwk.d);
    expect((await api.get(`/v1/assessments/${draft.id}`, owner)).body).toMatchObject({ revision: 0, answers: {} });

    expectProblem(await tokenFor(agentId, privateKey), 401, 'invalid_client');
    const events = (await auditOf(owner)).filter((e) => e.operation === LEAK_OPERATIONS.agentInText);
    expect(events).toEqual([expect.objectContaining({ target: { type: 'agent', id: agentId, name: 'survey bot' } })]);
  });

  it('reported to the leak endpoint (PEM): the agent is revoked; a forged key claiming its public half revokes nothing', async () => {
    const victim = await organisationWithAgent('Forged Key Target Ltd');
    const reported = await organisationWithAgent('Reported Agent Key Ltd');
    // Someone else's private part beside the victim's public members: no proof of the victim's key.
    const forged = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), x: victim.privateJwk.x, y: victim.privateJwk.y };
    const pem = await exportPKCS8(reported.privateKey);
    // A static key minted for the reported agent: containment takes it with the registration.
    const agentKey = (await api.post('/v1/tokens', { role: 'respondent', label: 'survey bot script', agentId: reported.agentId }, reported.owner)).body
      .token as { id: string; secret: string };
    expect((await api.get('/v1/session', agentKey.secret)).status).toBe(200);

    const res = await api.post('/v1/credentials/leaked', { secrets: [pem, JSON.stringify(forged)] });
    expect(res).toMatchObject({ status: 202, body: { received: 2 } });

    expectProblem(await tokenFor(reported.agentId, reported.privateKey), 401, 'invalid_client');
    expectProblem(await api.get('/v1/session', agentKey.secret), 401, 'token_revoked');
    const [event, ...more] = (await auditOf(reported.owner)).filter((e) => e.operation === LEAK_OPERATIONS.agentReported);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ target: { type: 'agent', id: reported.agentId }, actor: { tokenId: expect.stringMatching(/^leak-report:/) } });
    // The victim's agent works on.
    expect((await tokenFor(victim.agentId, victim.privateKey)).status).toBe(200);
    expect((await auditOf(victim.owner)).filter((e) => e.operation.startsWith('agent.revoke'))).toEqual([]);
  });

  it('in a JWK stringified inside other JSON (escaped quotes), reported: still found', async () => {
    const { owner, agentId, privateKey, privateJwk } = await organisationWithAgent('Escaped Agent Key Ltd');
    const line = JSON.stringify({ config: JSON.stringify(privateJwk as JWK) });
    expect((await api.post('/v1/credentials/leaked', { secrets: [line] })).status).toBe(202);
    expectProblem(await tokenFor(agentId, privateKey), 401, 'invalid_client');
    expect((await auditOf(owner)).map((e) => e.operation)).toContain(LEAK_OPERATIONS.agentReported);
  });
});

describe('a secret in a log entry', () => {
  it('written through the real logger is masked, and the key and invitation code in it are revoked in the background, once', async () => {
    const { owner, key, invitation } = await organisationWithSecrets('Logged Key Ltd');
    // A second instance of the services on the platform's table, as another Lambda would be.
    const services = createServices(platform.config, loadCatalogue());
    try {
      const revoker = logLeakRevoker(services);
      const revoke = vi.spyOn(services.leakedSecrets, 'foundInLog');
      const obs = createObservability('aim-test');
      obs.reportSecretsTo(revoker.accept);
      const lines: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
      try {
        obs.logger.info('request failed', { authorization: `Bearer ${key.secret}`, note: `join with ${invitation.code}` });
        obs.logger.warn(`retrying with ${key.secret}`);
      } finally {
        write.mockRestore();
      }
      expect(lines.join('')).not.toContain(key.secret);
      await revoker.idle();
      // The key logged twice is revoked once.
      expect(revoke).toHaveBeenCalledTimes(2);
    } finally {
      services.client.destroy();
    }
    expectProblem(await api.get('/v1/session', key.secret), 401, 'token_revoked');
    expect(await statusOfInvitation(owner, invitation.id)).toBe('revoked');
    const operations = (await auditOf(owner)).map((e) => e.operation);
    expect(operations.filter((o) => o === LEAK_OPERATIONS.inLog)).toHaveLength(1);
    expect(operations).toContain(LEAK_OPERATIONS.invitationInLog);
  });
});

describe('the repository scan with AIM_LEAK_REPORT_URL', () => {
  it('reports the AIM keys and invitation codes in the tree and in history to the deployment, which revokes them; the scan still fails', async () => {
    const { owner, key, invitation } = await organisationWithSecrets('Committed Key Ltd');
    const repo = mkdtempSync(join(tmpdir(), 'aim-leak-scan-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo });
      git('init', '-q');
      // The invitation code only in history (added, then removed); the key in the tree.
      writeFileSync(join(repo, 'invite.md'), `join with ${invitation.code}\n`);
      git('add', '.');
      git('commit', '-q', '-m', 'invite');
      unlinkSync(join(repo, 'invite.md'));
      writeFileSync(join(repo, 'ci.env'), `AIM_TOKEN=${key.secret}\n`);
      git('add', '-A');
      git('commit', '-q', '-m', 'ci');

      // Asynchronously: the server answering the report runs in this process.
      const scan = await promisify(execFile)(resolve('node_modules/.bin/tsx'), [resolve('scripts/secret-scan/scan.ts')], {
        cwd: repo,
        env: { ...process.env, AIM_LEAK_REPORT_URL: platform.url },
        encoding: 'utf8',
        timeout: 60_000,
      }).then(
        () => ({ status: 0, stdout: '', stderr: '' }),
        (failed: { code: number; stdout: string; stderr: string }) => ({ status: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
      );
      expect(scan.status).toBe(1);
      expect(scan.stderr).toContain('ci.env:1: AIM key');
      expect(scan.stderr).toContain('2 of 2 AIM key(s) and invitation code(s) reported');
      expect(scan.stderr + scan.stdout).not.toContain(key.secret);
      expect(scan.stderr + scan.stdout).not.toContain(invitation.code);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
    expectProblem(await api.get('/v1/session', key.secret), 401, 'token_revoked');
    expect(await statusOfInvitation(owner, invitation.id)).toBe('revoked');
    expect((await auditOf(owner)).map((e) => e.operation)).toEqual(expect.arrayContaining([LEAK_OPERATIONS.reported, LEAK_OPERATIONS.invitationReported]));
  });
});

describe('organisation names and grant reasons', () => {
  it('refuses an organisation name holding a secret, registering nothing, and revokes the AIM key in it', async () => {
    const { key } = await organisationWithSecrets('Named Key Ltd');
    const res = await api.post('/v1/organisations', organisationDetails(`Acme ${key.secret}`));
    expectProblem(res, 400, 'secret_in_text', '/body/name');
    expect(res.body.revokedKeys).toBe(1);
    expect(res.body.token).toBeUndefined();
    expectProblem(await api.get('/v1/session', key.secret), 401, 'token_revoked');
  });

  it('refuses a membership grant whose reason holds a secret, and revokes the agent whose private key it holds', async () => {
    const { owner, agentId, privateKey, privateJwk } = await organisationWithAgent('Granted Reason Ltd');
    const res = await api.post(
      '/v1/memberships',
      {
        issuer: 'https://id.example.com',
        subject: `person-${randomBytes(4).toString('hex')}`,
        organisationId: null,
        role: 'analyst',
        reason: `recovery, key ${JSON.stringify(privateJwk)}`,
      },
      platform.adminToken,
    );
    expectProblem(res, 400, 'secret_in_text', '/body/reason');
    expect(res.body.revokedAgents).toBe(1);
    expectProblem(await tokenFor(agentId, privateKey), 401, 'invalid_client');
    expect((await auditOf(owner)).map((e) => e.operation)).toContain(LEAK_OPERATIONS.agentInText);
  });
});
