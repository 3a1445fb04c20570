/**
 * Agents and the audit trail, in real Chromium: an owner signs up, registers their
 * organisation and, on the access page, registers an agent by its workload identity
 * (federation) and sees its kind in the list; registering the same identity again, or
 * an issuer on plain http, is refused with the reason next to the form. The owner issues
 * a key for a script; the script (here, node's fetch) reads the assessments and is
 * refused the keys. The audit page shows the read and the refusal, each with the request
 * id the script received, and its "Outcome" and "Events" filters narrow the rows.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { check, Session, withBrowser } from './browser';
import { newPerson, registerOrganisationInUi, servedWebApp, signUp } from './web-platform';

const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:acme/agents:environment:prod';

/** The texts a field's aria-describedby points at: its hint and, when there is one, its error. */
const descriptionOf = (field: Locator) =>
  field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`),
  );

/** Clicks "Register agent" and returns what POST /v1/agents answered (status and problem code). */
async function submitAgent(page: Page, form: Locator): Promise<{ status: number; code?: string }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/agents'),
    form.getByRole('button', { name: 'Register agent' }).click(),
  ]);
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status(), code: body.code };
}

/** An audit row: its whole text, and the request id in its "Details" column. */
interface AuditRow {
  text: string;
  requestId: string;
}

/** The audit table's rows once the filters in the form are applied (page 1, rows loaded or "no events"). */
async function showEvents(page: Page, query: Record<string, string> = {}): Promise<AuditRow[]> {
  // The rows of the previous listing stay until the click is handled: wait for this listing's
  // answer (the one asking `query`), then for the region to stop being busy with the new rows
  // (or "no events") in it.
  const asks = (url: URL) => url.pathname === '/v1/audit' && Object.entries(query).every(([name, value]) => url.searchParams.get(name) === value);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && asks(new URL(r.url()))),
    page.getByRole('button', { name: 'Show events' }).click(),
  ]);
  const region = page.locator('div[aria-live="polite"][aria-busy="false"]');
  const rows = region.locator('table.audit tbody tr');
  await rows.first().or(region.getByText('No events match these filters.')).waitFor();
  const column = await page.locator('table.audit thead th').allInnerTexts();
  const at = column.findIndex((name) => name.trim() === 'Details');
  check(at >= 0, `the audit table has a "Details" column (${column.join(', ')})`);
  return rows.evaluateAll(
    (trs, i) =>
      trs.map((tr) => {
        const row = tr as HTMLTableRowElement;
        // The id itself, without the Copy button's text.
        return { text: row.innerText, requestId: row.cells[i]?.querySelector('.request-id')?.textContent?.trim() ?? '' };
      }),
    at,
  );
}

describe('agents registered by their workload identity, and the reads and refusals in the audit trail, in the browser', () => {
  const platform = servedWebApp();

  it('register a federated agent, refused duplicates and http issuers, a script key reads and is refused, the audit trail shows both', {
    timeout: 150_000,
  }, async () => {
    const { url } = platform();
    const owner = newPerson('Omar Owner', 'owner');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'agents-and-audit');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Acme Agents Ltd');

      // An agent with a workload identity: it holds no AIM secret.
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const form = page.getByRole('region', { name: 'Register an agent' });
      await form.getByLabel('Name', { exact: true }).fill('Release pipeline');
      await form.getByLabel('Workload identity (federation)').check();
      await form.getByLabel('Issuer', { exact: true }).fill(ISSUER);
      await form.getByLabel('Subject', { exact: true }).fill(SUBJECT);
      const first = await submitAgent(page, form);
      const registered = await form.getByRole('status').filter({ hasText: 'Registered Release pipeline' }).innerText();
      const listed = page.getByRole('region', { name: 'Agents', exact: true }).getByRole('row').filter({ hasText: 'Release pipeline' });
      await listed.waitFor();
      const listedText = await listed.innerText();
      await s.capture('agent-registered');

      // The same identity again: refused, with the reason by the form and at the Subject field.
      await form.getByLabel('Name', { exact: true }).fill('Release pipeline copy');
      await form.getByLabel('Issuer', { exact: true }).fill(ISSUER);
      await form.getByLabel('Subject', { exact: true }).fill(SUBJECT);
      const duplicate = await submitAgent(page, form);
      const duplicateAlert = await form.getByRole('alert').innerText();
      const subjectField = form.getByLabel('Subject', { exact: true });
      const duplicateSubject = { invalid: await subjectField.getAttribute('aria-invalid'), described: await descriptionOf(subjectField) };
      await s.capture('agent-identity-in-use');

      // An issuer on plain http, not this machine: refused at the Issuer field.
      await form.getByLabel('Issuer', { exact: true }).fill('http://issuer.example.com');
      await form.getByLabel('Subject', { exact: true }).fill('repo:acme/agents:environment:staging');
      const http = await submitAgent(page, form);
      const issuerField = form.getByLabel('Issuer', { exact: true });
      await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await issuerField.elementHandle());
      const httpIssuer = { invalid: await issuerField.getAttribute('aria-invalid'), described: await descriptionOf(issuerField) };
      const agentRows = await page
        .getByRole('region', { name: 'Agents', exact: true })
        .getByRole('row')
        .filter({ hasText: /Release pipeline/ })
        .allInnerTexts();
      await s.capture('agent-http-issuer');

      // Revoking the agent (after a confirmation) frees its workload identity: registering it again works.
      page.once('dialog', (d) => void d.accept());
      await listed.getByRole('button', { name: 'Revoke Release pipeline' }).click();
      await page.getByRole('status').filter({ hasText: 'Revoked the agent "Release pipeline".' }).waitFor();
      await listed.filter({ hasText: /Revoked \S/ }).waitFor();
      const revokedRow = await listed.innerText();
      await form.getByLabel('Name', { exact: true }).fill('Release pipeline v2');
      await form.getByLabel('Issuer', { exact: true }).fill(ISSUER);
      await form.getByLabel('Subject', { exact: true }).fill(SUBJECT);
      const again = await submitAgent(page, form);
      await s.capture('agent-revoked-and-registered-again');

      // A key for a script: a respondent, used by an agent; shown once.
      const mint = page.getByRole('region', { name: 'Issue a key' });
      await mint.getByLabel('Name', { exact: true }).fill('Nightly export script');
      await mint.getByLabel('Role', { exact: true }).selectOption('respondent');
      await mint.getByRole('button', { name: 'Issue key' }).click();
      const issued = mint.getByTestId('issued-key');
      const issuedText = await issued.innerText();
      const key = await issued.getByLabel('Access key').inputValue();
      check(key.startsWith('aim_'), 'the page shows the new key once');

      // The script, outside the browser: exchanges the key for a token for its task (the API takes
      // no keys), reads the assessments, and is refused the keys.
      const exchange = await fetch(`${url}/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: key,
          subject_token_type: 'urn:aim:params:oauth:token-type:api-key',
          scope: 'assessments.list',
        }),
      });
      const { access_token: accessToken } = (await exchange.json()) as { access_token: string };
      const script = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
      const read = await script('/v1/assessments');
      const refused = await script('/v1/tokens');
      const calls = {
        read: { status: read.status, requestId: read.headers.get('x-request-id') },
        refused: { status: refused.status, requestId: refused.headers.get('x-request-id'), code: ((await refused.json()) as { code?: string }).code },
      };

      // The audit trail: the read and the refusal, each with the request id the script got.
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
      const all = await showEvents(page);
      const readRows = all.filter((row) => /\bRead\b/.test(row.text) && row.text.includes('Nightly export script'));
      const refusedRows = all.filter((row) => row.text.includes('Refused: forbidden') && row.text.includes('Nightly export script'));
      const copyRefused = page.getByRole('button', { name: `Copy request id ${calls.refused.requestId}`, includeHidden: true });
      const copyButtons = await copyRefused.count();
      await s.capture('audit-reads-and-refusals');

      await page.getByLabel('Outcome', { exact: true }).selectOption('refused');
      const onlyRefused = await showEvents(page, { outcome: 'refused' });
      await s.capture('audit-refused-only');

      await page.getByLabel('Outcome', { exact: true }).selectOption('');
      await page.getByLabel('Events', { exact: true }).selectOption('changes');
      const onlyChanges = await showEvents(page, { kind: 'changes' });
      await s.capture('audit-changes-only');

      return {
        answered: { first, duplicate, http, again },
        revokedRow,
        registered,
        listedText,
        duplicateAlert,
        duplicateSubject,
        httpIssuer,
        agentRows,
        issuedText,
        calls,
        all,
        readRows,
        refusedRows,
        copyButtons,
        onlyRefused,
        onlyChanges,
        axe: s.axeFindings,
        axePages: s.axePages,
        pageErrors: s.pageErrors,
      };
    });

    expect(out.answered.first.status).toBe(201);
    expect(out.answered.duplicate).toEqual({ status: 409, code: 'identity_in_use' });
    expect(out.answered.http).toEqual({ status: 400, code: 'validation_failed' });
    // The federated agent, listed with its kind: the workload identity it proves itself with.
    expect(out.registered).toMatch(/Registered Release pipeline: its client_id is \S+/);
    expect(out.listedText).toContain(`Workload identity: ${SUBJECT} at ${ISSUER}`);
    // The same issuer and subject again: 409 identity_in_use, said by the form and at Subject.
    expect(out.duplicateAlert).toContain('This workload identity is registered for another agent');
    expect(out.duplicateSubject.invalid).toBe('true');
    expect(out.duplicateSubject.described).toContain('already the identity of a live agent');
    // http on a host other than this machine: an https URL is expected.
    expect(out.httpIssuer.invalid).toBe('true');
    expect(out.httpIssuer.described).toContain('expected an https URL');
    // Neither refused registration added an agent.
    expect(out.agentRows).toHaveLength(1);
    // Revoked from the list; its identity free again for a new registration.
    expect(out.revokedRow).toMatch(/Revoked \S/);
    expect(out.revokedRow).not.toMatch(/Revoke$/m);
    expect(out.answered.again.status).toBe(201);

    expect(out.issuedText).toMatch(/Key for Nightly export script \(respondent, agent\)/);
    expect(out.calls.read.status).toBe(200);
    expect(out.calls.refused).toMatchObject({ status: 403, code: 'forbidden' });
    expect(out.calls.read.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.calls.refused.requestId).toMatch(/^[0-9a-f-]{36}$/);

    // One read and one refusal by the key, each with the request id its response carried.
    expect(out.readRows).toHaveLength(1);
    expect(out.refusedRows).toHaveLength(1);
    expect(out.readRows[0]!.text).toContain('an agent');
    expect(out.readRows[0]!.requestId).toBe(out.calls.read.requestId);
    expect(out.refusedRows[0]!.requestId).toBe(out.calls.refused.requestId);
    expect(out.copyButtons).toBe(1);
    // Changes are there too, by the owner.
    expect(out.all.some((row) => row.text.includes('Registered an agent'))).toBe(true);

    // Outcome "Refused only": the refusal, nothing allowed.
    expect(out.onlyRefused.length).toBeGreaterThan(0);
    expect(out.onlyRefused.filter((row) => !row.text.includes('Refused:'))).toEqual([]);
    expect(out.onlyRefused.some((row) => row.requestId === out.calls.refused.requestId)).toBe(true);
    // Events "Changes only": no reads (nor the refused read), the changes still shown.
    expect(out.onlyChanges.some((row) => row.text.includes('Registered an agent'))).toBe(true);
    expect(out.onlyChanges.some((row) => row.text.includes('Issued a key'))).toBe(true);
    expect(out.onlyChanges.some((row) => /\bRead\b/.test(row.text))).toBe(false);
    expect(out.onlyChanges.some((row) => row.requestId === out.calls.read.requestId || row.requestId === out.calls.refused.requestId)).toBe(false);

    expect(out.axePages).toEqual(
      expect.arrayContaining([
        'agent-registered',
        'agent-identity-in-use',
        'agent-http-issuer',
        'audit-reads-and-refusals',
        'audit-refused-only',
        'audit-changes-only',
      ]),
    );
    expect(out.axe).toEqual([]);
    expect(out.pageErrors).toEqual([]);
  });
});
