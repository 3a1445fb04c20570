/**
 * Agents acting for a person, in real Chromium: an owner registers an agent through the
 * API; signed in, they let it answer one assessment for an hour and read the delegation's
 * id from the page. The agent (here, node) exchanges it at the token endpoint (RFC 8693)
 * with its own signed assertion and saves an answer. The audit trail and the answer
 * itself show "Survey bot (agent) on behalf of <the owner>"; once the owner withdraws the
 * delegation, the agent's next request is refused (401).
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { check, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { servedWebApp, signIn } from './web-platform';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DELEGATION_TYPE = 'urn:aim:params:oauth:token-type:delegation';

describe('an agent answers for a person who allowed it in the browser', () => {
  const platform = servedWebApp();

  it('allow, exchange, answer, shown on behalf of the person, withdraw', { timeout: 150_000 }, async () => {
    const { url } = platform();
    const api = apiClient(url);
    const registered = await api.post('/v1/organisations', { name: 'Delegating Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
    check(registered.status === 201, `the organisation registers (${registered.status})`);
    const ownerKey = registered.body.token.secret as string;

    // The owner registers an agent with its own key pair, and starts an assessment.
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const agentRegistered = await api.post('/v1/agents', { label: 'Survey bot', role: 'respondent', jwk: await exportJWK(publicKey) }, ownerKey);
    check(agentRegistered.status === 201, `the agent registers (${agentRegistered.status}: ${JSON.stringify(agentRegistered.body)})`);
    const agentId = agentRegistered.body.agent.id as string;
    const q = await latestQuestionnaire(url);
    const question = q.domains[0]!.questions.find((x) => x.type === 'single' && !x.showIf)!;
    const option = (question as { options: { id: string; label: string }[] }).options[1]!;
    const created = await api.post('/v1/assessments', { questionnaireId: q.id, version: q.version }, ownerKey);
    const assessmentId = created.body.id as string;

    /** The agent's token for a delegation: its signed assertion (private_key_jwt) and the delegation id. */
    const exchange = async (delegationId: string) => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(agentId)
        .setSubject(agentId)
        .setAudience(url)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(privateKey);
      const response = await fetch(`${url}/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: TOKEN_EXCHANGE,
          client_id: agentId,
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: assertion,
          subject_token: delegationId,
          subject_token_type: DELEGATION_TYPE,
        }),
      });
      const body = (await response.json()) as { access_token?: string };
      check(response.status === 200 && body.access_token, `the token exchange succeeds (${response.status}: ${JSON.stringify(body)})`);
      return body.access_token;
    };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'agent-delegation');
      const { page } = s;
      const owner = await signIn(page, platform(), ownerKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);

      // Allow the agent for an hour and read the delegation id the page gives.
      const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Let an agent answer for you' }) });
      await section.getByLabel('Agent', { exact: true }).selectOption({ label: 'Survey bot' });
      await section.getByLabel('For', { exact: true }).selectOption({ label: '1 hour' });
      await section.getByRole('button', { name: 'Allow', exact: true }).click();
      const idField = section.getByLabel('Delegation id (give it to the agent)');
      await idField.waitFor();
      const delegationId = await idField.inputValue();
      const active = section.getByRole('row').filter({ hasText: 'Survey bot' }).filter({ hasText: 'Active' });
      await active.waitFor();
      const listed = await active.innerText();
      await s.capture('allowed');

      // The agent exchanges it and saves an answer with the token.
      const token = await exchange(delegationId);
      const current = await api.call('GET', `/v1/assessments/${assessmentId}`, { headers: bearer(token) });
      check(current.status === 200, `the agent reads the assessment (${current.status})`);
      const saved = await api.call('PATCH', `/v1/assessments/${assessmentId}/answers`, {
        body: { revision: current.body.revision, answers: { [question.id]: { value: option.id } } },
        headers: bearer(token),
      });
      check(saved.status === 200, `the agent's save lands (${saved.status}: ${JSON.stringify(saved.body)})`);

      // The audit trail says who acted for whom.
      const expected = `Survey bot (agent) on behalf of ${owner.name}`;
      await page.goto(`${url}/#/audit`);
      const auditRow = page.getByRole('row').filter({ hasText: 'Saved answers' }).first();
      await auditRow.waitFor();
      const auditWho = await auditRow.innerText();
      await s.capture('audit');

      // So does the answer, once the page is loaded again.
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      await page.reload();
      const savedBy = page.locator(`[id="q-${question.id}"]`).getByTestId('saved-by');
      await savedBy.waitFor();
      const savedByText = await savedBy.innerText();
      const checked = await page.locator(`[id="q-${question.id}"]`).getByLabel(option.label, { exact: true }).isChecked();

      // Withdraw: the agent's next request is refused.
      await section.getByRole('button', { name: 'Withdraw' }).click();
      await section.getByRole('status').filter({ hasText: 'Withdrew Survey bot' }).waitFor();
      const withdrawn = section.getByRole('row').filter({ hasText: 'Survey bot' }).filter({ hasText: 'Withdrawn' });
      await withdrawn.waitFor();
      const statusAfter = await withdrawn.innerText();
      await s.capture('withdrawn');
      const after = await api.call('GET', `/v1/assessments/${assessmentId}`, { headers: bearer(token) });
      return {
        delegationId,
        listed,
        expected,
        auditWho,
        savedByText,
        checked,
        statusAfter,
        afterStatus: after.status,
        axe: s.axeFindings,
        pageErrors: s.pageErrors,
      };
    });

    expect(out.delegationId).toMatch(/\S{8,}/);
    expect(out.listed).toMatch(/Active/);
    expect(out.auditWho).toContain(out.expected);
    expect(out.savedByText).toContain(out.expected);
    expect(out.checked).toBe(true);
    expect(out.statusAfter).toMatch(/Withdrawn/);
    expect(out.afterStatus).toBe(401);
    expect(out.axe).toEqual([]);
    expect(out.pageErrors).toEqual([]);
  });
});
