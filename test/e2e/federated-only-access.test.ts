/**
 * The access page of a federated-only deployment (AIM_AGENT_CREDENTIALS=federated-only,
 * docs/security.md "Federation only"), in real Chromium (issue 16): the "Issue a key" form is
 * not offered and a short note says why and what to do instead; the agent registration offers
 * workload identity only, no public key; and an agent registered that way through the form is
 * listed with its workload identity. Registration does not read the issuer's discovery document
 * (that happens when the agent asks for a token), so a real https issuer can be named here.
 * The same locators on a default deployment (`any`) find the key form and the public-key
 * option, so their absence above is not for want of a match.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform-fixture';
import { check, Session, WEB_DIR, withBrowser } from './browser';
import { newPerson, registerOrganisationInUi, servedWebApp, signUp, type TestPlatform } from './web-platform';

const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:federated-only-e2e/pipeline:environment:prod';

const keysRegion = (page: Page) => page.getByRole('region', { name: 'Keys for scripts', exact: true });
const agentsRegion = (page: Page) => page.getByRole('region', { name: 'Agents', exact: true });

describe('the access page of a federated-only deployment in the browser', () => {
  // Not servedWebApp(): its platform admin key is a stored key, which this mode refuses to mint.
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform({ webDir: WEB_DIR, withAdminKey: false, env: { AIM_AGENT_CREDENTIALS: 'federated-only' } });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('offers no key and no public-key agent, explains the federation path, and registers a workload-identity agent', { timeout: 180_000 }, async () => {
    check(platform, 'the platform is started');
    const { url } = platform;
    const owner = newPerson('Fern Federated', 'owner');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'federated-only-access');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Federated Only Ltd');
      const [session] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/v1/session' && r.ok()),
        page.getByRole('link', { name: 'Access' }).click(),
      ]);
      const agentCredentials = ((await session.json()) as { agentCredentials?: string }).agentCredentials;
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();

      // The note replaces the form once the session says which agent credentials this deployment takes.
      const note = keysRegion(page).getByText('This deployment takes no keys for new scripts or agents');
      await note.waitFor();
      const agentForm = page.getByRole('region', { name: 'Register an agent' });
      const kinds = agentForm.getByRole('group', { name: 'How it proves who it is' });
      const before = {
        note: await note.innerText(),
        issueKeyRegions: await page.getByRole('region', { name: 'Issue a key' }).count(),
        issueKeyButtons: await page.getByRole('button', { name: 'Issue key' }).count(),
        keyRoleSelects: await keysRegion(page).getByLabel('Role', { exact: true }).count(),
        kindRadios: await kinds.getByRole('radio').count(),
        federationChecked: await kinds.getByRole('radio', { name: 'Workload identity (federation)' }).isChecked(),
        publicKeyOptions: await agentForm.getByLabel('Public key', { exact: true }).count(),
        publicKeyFields: await agentForm.getByLabel('Public key (JWK)', { exact: true }).count(),
        kindHint: await kinds.getByText('registers agents by workload identity only').count(),
        // The section texts: no advice to renew keys, no key pair for agents.
        keysText: await keysRegion(page).locator('p').first().innerText(),
        agentsText: await agentsRegion(page).locator('p').first().innerText(),
      };
      await s.capture('federated-only-access');

      await agentForm.getByLabel('Name', { exact: true }).fill('Release pipeline');
      await agentForm.getByLabel('Issuer', { exact: true }).fill(ISSUER);
      await agentForm.getByLabel('Subject', { exact: true }).fill(SUBJECT);
      const [registered] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/agents'),
        agentForm.getByRole('button', { name: 'Register agent' }).click(),
      ]);
      check(registered.status() === 201, `the federated agent is registered (${registered.status()}: ${(await registered.text()).slice(0, 300)})`);
      const agentId = ((await registered.json()) as { agent: { id: string } }).agent.id;
      const notice = agentForm.getByRole('status').filter({ hasText: 'Registered Release pipeline' });
      await notice.waitFor();
      const row = agentsRegion(page)
        .locator('table')
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'Release pipeline' }) });
      await row.waitFor();
      const after = { notice: await notice.innerText(), row: await row.innerText() };
      await s.capture('federated-agent-registered');

      return { agentCredentials, before, agentId, after, axe: s.axeFindings, axePages: s.axePages, pageErrors: s.pageErrors };
    });

    expect(out.agentCredentials).toBe('federated-only');
    // No key is offered, and the note names the way instead.
    expect(out.before.note).toContain('Register the agent above with its workload identity');
    expect(out.before.note).toContain('Existing keys no longer work');
    expect(out.before.issueKeyRegions).toBe(0);
    expect(out.before.issueKeyButtons).toBe(0);
    expect(out.before.keyRoleSelects).toBe(0);
    expect(out.before.keysText).toBe(
      'People sign in with their identity provider and need no key. You are signed in that way: your session is the credential in use by you, so revoking a key here never signs you out.',
    );
    expect(out.before.agentsText).toContain('workload identity federation');
    expect(out.before.agentsText).not.toContain('key pair');
    // Agents: workload identity is the only way offered, already chosen, and said so.
    expect(out.before.kindRadios).toBe(1);
    expect(out.before.federationChecked).toBe(true);
    expect(out.before.publicKeyOptions).toBe(0);
    expect(out.before.publicKeyFields).toBe(0);
    expect(out.before.kindHint).toBe(1);
    // Registered through the form, listed with its workload identity.
    expect(out.after.notice).toContain(`its client_id is ${out.agentId}`);
    expect(out.after.row).toContain(`Workload identity: ${SUBJECT} at ${ISSUER}`);

    expect(out.axePages).toEqual(expect.arrayContaining(['federated-only-access', 'federated-agent-registered']));
    expect(out.axe).toEqual([]);
    expect(out.pageErrors).toEqual([]);
  });
});

describe('the access page of a default deployment (any) in the browser', () => {
  const platform = servedWebApp();

  it('still offers the key form, the public-key option and the advice on keys', { timeout: 180_000 }, async () => {
    const { url } = platform();
    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'any-credentials-access');
      const { page } = s;
      await signUp(page, url, newPerson('Andy Any', 'owner'));
      await registerOrganisationInUi(page, 'Any Credentials Ltd');
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const mint = page.getByRole('region', { name: 'Issue a key' });
      await mint.getByLabel('Role', { exact: true }).waitFor();
      const agentForm = page.getByRole('region', { name: 'Register an agent' });
      return {
        keyRoleSelects: await keysRegion(page).getByLabel('Role', { exact: true }).count(),
        notes: await keysRegion(page).getByText('This deployment takes no keys for new scripts or agents').count(),
        publicKeyOptions: await agentForm.getByLabel('Public key', { exact: true }).count(),
        kindRadios: await agentForm.getByRole('group', { name: 'How it proves who it is' }).getByRole('radio').count(),
        keysText: await keysRegion(page).locator('p').first().innerText(),
        agentsText: await agentsRegion(page).locator('p').first().innerText(),
        pageErrors: s.pageErrors,
      };
    });
    expect(out.keyRoleSelects).toBe(1);
    expect(out.notes).toBe(0);
    expect(out.publicKeyOptions).toBe(1);
    expect(out.kindRadios).toBe(2);
    expect(out.keysText).toContain('issue a new one before then');
    expect(out.agentsText).toContain('key pair');
    expect(out.pageErrors).toEqual([]);
  });
});
