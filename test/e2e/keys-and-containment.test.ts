/**
 * Keys, agents and containment on the access page, in real Chromium (issue 16): a key is
 * never a person's (no "used by" choice, and one stored as a person's by an earlier version is
 * listed as an agent's), an owner key lives one hour and is listed with the minutes it has
 * left; a key minted for a registered agent is listed under it; a key used from three client networks
 * shows the shared-use badge; and the agent's key presented by a browser (Sec-Fetch-Site)
 * contains the agent: after a reload, the agent and its key both say "Revoked
 * automatically" with the reason. The script calls come from node's fetch; the client
 * networks are given as CloudFront gives them (CloudFront-Viewer-Address with the origin secret).
 */
import { exportJWK, generateKeyPair } from 'jose';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type KeyExchanger, keyExchanger } from '../support/key-exchange';
import { storeOwnerKey } from '../support/stored-keys';
import { check, Session, withBrowser } from './browser';
import { newPerson, registerOrganisationInUi, servedWebApp, signUp } from './web-platform';

const ORIGIN_SECRET = 'keys-and-containment-e2e-origin-secret-0123';

/** The text of each option of a select. */
const optionsOf = (select: Locator) => select.locator('option').allInnerTexts();

/** Issues a key through the "Issue a key" form and returns the secret shown once. */
async function issueKey(page: Page, form: Locator, values: { label: string; role: string; exception?: string }): Promise<string> {
  await form.getByLabel('Name', { exact: true }).fill(values.label);
  await form.getByLabel('Role', { exact: true }).selectOption(values.role);
  if (values.exception) await form.getByLabel(`Why does this script need the ${values.role} role?`).fill(values.exception);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/tokens'),
    form.getByRole('button', { name: 'Issue key' }).click(),
  ]);
  check(response.status() === 201, `POST /v1/tokens answers 201 (${response.status()}: ${(await response.text()).slice(0, 300)})`);
  const issued = form.getByTestId('issued-key').filter({ hasText: `Key for ${values.label} ` });
  const secret = await issued.getByLabel('Access key').inputValue();
  check(secret.startsWith('aim_'), `the page shows the key for ${values.label} once`);
  return secret;
}

/**
 * Reloads the page and waits until both lists are loaded afresh: their responses received,
 * nothing busy, and rows in both tables.
 */
async function reloadAccess(page: Page) {
  const listed = (path: string) => page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === path && r.ok());
  await Promise.all([listed('/v1/tokens'), listed('/v1/agents'), page.reload()]);
  await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
  await agentsTable(page).getByRole('row').nth(1).waitFor();
  await keysTable(page).getByRole('row').nth(1).waitFor();
}

const agentsTable = (page: Page) => page.getByRole('region', { name: 'Agents', exact: true }).locator('table');
const keysTable = (page: Page) => page.getByRole('region', { name: 'Keys for scripts', exact: true }).locator('table');
/** A row of a table by the name in its first cell. */
const rowOf = (table: Locator, name: string) => table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: false }) });

const exchangers = new Map<string, KeyExchanger>();

/**
 * A call from a script outside the browser (node's fetch), with the token its key is exchanged
 * for (the API takes no keys), or with `raw` the key itself; with `network`, as if through
 * CloudFront from that address.
 */
async function script(
  target: string,
  secret: string,
  init: { method?: string; body?: unknown; network?: string; headers?: Record<string, string>; raw?: boolean } = {},
) {
  const { origin } = new URL(target);
  if (!exchangers.has(origin)) exchangers.set(origin, keyExchanger(origin));
  const credential = init.raw ? secret : await exchangers.get(origin)!.credentialFor(secret);
  const headers: Record<string, string> = { authorization: `Bearer ${credential}`, accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.network) Object.assign(headers, { 'x-aim-origin-verify': ORIGIN_SECRET, 'cloudfront-viewer-address': `${init.network}:443` });
  return fetch(target, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('keys for scripts and agents, shared use and containment, on the access page in the browser', () => {
  const platform = servedWebApp({ AIM_ORIGIN_VERIFY_SECRET: ORIGIN_SECRET });

  it('no person keys, a one-hour owner key, a key under its agent, the shared-use badge, and containment shown on the agent and its key', {
    timeout: 180_000,
  }, async () => {
    const { url } = platform();
    const owner = newPerson('Olga Owner', 'owner');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = JSON.stringify(await exportJWK(publicKey));

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'keys-and-containment');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Contained Keys Ltd');
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();

      // The form: no choice of who uses the key; a respondent key offers lifetimes in days, an owner key only one hour.
      const mint = page.getByRole('region', { name: 'Issue a key' });
      // The form shows once the session says which agent credentials this deployment takes.
      await mint.getByLabel('Role', { exact: true }).waitFor();
      const form = {
        radios: await mint.getByRole('radio').count(),
        groups: await mint.getByRole('group').count(),
        personText: await mint.getByText(/a person/i).count(),
        roles: await optionsOf(mint.getByLabel('Role', { exact: true })),
        respondentExpiry: await optionsOf(mint.getByLabel('Expires after', { exact: true })),
      };
      await mint.getByLabel('Role', { exact: true }).selectOption('owner');
      const ownerExpiry = await optionsOf(mint.getByLabel('Expires after', { exact: true }));
      const ownerHint = await mint.getByText(/Owner and admin keys are just in time/).innerText();
      await s.capture('owner-key-one-hour');

      const ownerKey = await issueKey(page, mint, { label: 'Agent key minter', role: 'owner', exception: 'Mints keys for the survey bot agent' });
      const ownerIssued = await mint.getByTestId('issued-key').innerText();
      const sharedKey = await issueKey(page, mint, { label: 'Copied sync script', role: 'respondent' });
      const respondentIssued = await mint.getByTestId('issued-key').innerText();
      await s.capture('respondent-key-issued');

      // An agent registered with its public key.
      const agentForm = page.getByRole('region', { name: 'Register an agent' });
      await agentForm.getByLabel('Name', { exact: true }).fill('Survey bot');
      await agentForm.getByLabel('Public key', { exact: true }).check();
      await agentForm.getByLabel('Public key (JWK)', { exact: true }).fill(jwk);
      const [registered] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/agents'),
        agentForm.getByRole('button', { name: 'Register agent' }).click(),
      ]);
      check(registered.status() === 201, `the agent is registered (${registered.status()})`);
      const agentId = ((await registered.json()) as { agent: { id: string } }).agent.id;

      // A script with the owner key mints a key for the agent; the page lists it under the agent.
      const minted = await script(`${url}/v1/tokens`, ownerKey, { method: 'POST', body: { role: 'respondent', label: 'Survey bot key', agentId } });
      const mintedBody = (await minted.json()) as { token?: { id: string; secret: string; agentId: string } };
      check(minted.status === 201 && mintedBody.token, `the owner key mints a key for the agent (${minted.status}: ${JSON.stringify(mintedBody)})`);
      const agentKey = mintedBody.token;
      // A key an earlier version stored as a person's: it acts as an agent, and is listed as one.
      const { organisationId } = (await (await script(`${url}/v1/session`, ownerKey)).json()) as { organisationId: string };
      await storeOwnerKey(platform(), {
        organisationId,
        label: 'Old person key',
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      await reloadAccess(page);
      const legacyRow = await rowOf(keysTable(page), 'Old person key').innerText();
      const agentRow = rowOf(agentsTable(page), 'Survey bot');
      await agentRow.filter({ hasText: 'Survey bot key (respondent)' }).waitFor();
      const agentRowBefore = await agentRow.innerText();
      const keysColumn = await agentsTable(page).locator('thead th').allInnerTexts();
      const ownerKeyRow = await rowOf(keysTable(page), 'Agent key minter').innerText();
      await s.capture('agent-key-listed-under-agent');

      // The respondent key used from three client networks (one of them twice): suspected of shared use.
      const sightings = [];
      for (const network of ['203.0.113.5', '198.51.100.7', '203.0.113.9', '192.0.2.9'])
        sightings.push((await script(`${url}/v1/session`, sharedKey, { network })).status);
      await reloadAccess(page);
      const sharedRow = rowOf(keysTable(page), 'Copied sync script');
      const badge = sharedRow.getByTestId('shared-use');
      await badge.waitFor();
      const badgeText = await badge.innerText();
      const sharedAdvice = await sharedRow.getByText('Give each agent and each process its own identity.').isVisible();
      const unshared = {
        owner: await rowOf(keysTable(page), 'Agent key minter').getByTestId('shared-use').count(),
        agent: await agentRow.getByTestId('shared-use').count(),
      };
      await s.capture('shared-use-badge');

      // The agent's key itself presented by a browser: refused, and the agent is contained (before
      // any answer that the key should have been exchanged).
      const browsed = await script(`${url}/v1/assessments`, agentKey.secret, {
        raw: true,
        headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
      });
      const refused = { status: browsed.status, code: ((await browsed.json()) as { code?: string }).code };
      const after = { status: (await script(`${url}/v1/session`, agentKey.secret, { raw: true })).status };
      await reloadAccess(page);
      await agentRow.filter({ hasText: 'Revoked automatically' }).waitFor();
      const agentRowAfter = await agentRow.innerText();
      const keyRow = rowOf(keysTable(page), 'Survey bot key');
      await keyRow.filter({ hasText: 'Revoked automatically' }).waitFor();
      const keyRowAfter = await keyRow.innerText();
      const revokeButtons = {
        agent: await agentRow.getByRole('button', { name: /^Revoke/ }).count(),
        key: await keyRow.getByRole('button', { name: /^Revoke/ }).count(),
      };
      await s.capture('agent-contained');

      return {
        form,
        ownerExpiry,
        ownerHint,
        ownerIssued,
        respondentIssued,
        agentId,
        agentKey,
        agentRowBefore,
        keysColumn,
        ownerKeyRow,
        legacyRow,
        sightings,
        badgeText,
        sharedAdvice,
        unshared,
        refused,
        after,
        agentRowAfter,
        keyRowAfter,
        revokeButtons,
        axe: s.axeFindings,
        axePages: s.axePages,
        pageErrors: s.pageErrors,
      };
    });

    // No "used by" choice: every key is a script's or an agent's; people sign in.
    expect(out.form.radios).toBe(0);
    expect(out.form.groups).toBe(0);
    expect(out.form.personText).toBe(0);
    expect(out.form.roles.map((r) => r.split(':')[0])).toEqual(['Respondent', 'Leader', 'Owner']);
    expect(out.form.respondentExpiry.length).toBeGreaterThan(1);
    expect(out.form.respondentExpiry.every((o) => /^\d+ days/.test(o))).toBe(true);
    // The owner role: one hour, no other choice.
    expect(out.ownerExpiry).toEqual(['1 hour']);
    expect(out.ownerHint).toContain('1 hour');
    expect(out.ownerIssued).toContain('Key for Agent key minter (owner, agent)');
    // Listed with what is left of its hour, not rounded up to a day.
    expect(out.ownerKeyRow).toMatch(/Active until .+ \((59|60) minutes left\)/);
    expect(out.ownerKeyRow).not.toMatch(/day left/);
    expect(out.ownerKeyRow).toContain('Exception: Mints keys for the survey bot agent');
    expect(out.legacyRow).toContain('owner, agent');
    expect(out.legacyRow).not.toContain(', person');
    expect(out.respondentIssued).toContain('Key for Copied sync script (respondent, agent)');

    // The key minted for the agent, listed in its Keys column.
    expect(out.agentKey.agentId).toBe(out.agentId);
    expect(out.keysColumn).toContain('Keys');
    expect(out.agentRowBefore).toContain('Survey bot key (respondent)');
    expect(out.agentRowBefore).not.toContain('Revoked');

    // Three networks (two addresses in one /24 count once): the badge, on that key only.
    expect(out.sightings).toEqual([200, 200, 200, 200]);
    expect(out.badgeText).toMatch(/^Shared use suspected: 3 sources, /);
    expect(out.sharedAdvice).toBe(true);
    expect(out.unshared).toEqual({ owner: 0, agent: 0 });

    // Containment: refused at once, then the agent and its key revoked, each saying why.
    expect(out.refused).toEqual({ status: 403, code: 'interactive_agent_use' });
    expect(out.after.status).toBe(401);
    expect(out.agentRowAfter).toContain('Revoked automatically: agent credential used from a browser');
    expect(out.keyRowAfter).toContain('Revoked automatically: agent credential used from a browser');
    // Its keys are no longer listed under it, and nothing is left to revoke.
    expect(out.agentRowAfter).not.toContain('Survey bot key (respondent)');
    expect(out.revokeButtons).toEqual({ agent: 0, key: 0 });

    expect(out.axePages).toEqual(
      expect.arrayContaining(['owner-key-one-hour', 'respondent-key-issued', 'agent-key-listed-under-agent', 'shared-use-badge', 'agent-contained']),
    );
    expect(out.axe).toEqual([]);
    expect(out.pageErrors).toEqual([]);
  });
});
