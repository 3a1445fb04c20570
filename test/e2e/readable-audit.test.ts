/**
 * The audit trail as people read it, in real Chromium: an owner edits answers in several
 * saves, opens the results page twice and downloads the PDF once; the trail shows the
 * saves as one row, one report row, names rather than ids, narrows to one person chosen
 * from a list, and says a reversed date range is wrong without asking the server.
 */
import { describe, expect, it } from 'vitest';
import { check, Session, withBrowser } from './browser';
import { completeAnswers } from '../support/answering';
import { latestQuestionnaire, seedOrganisations } from './seed';
import { servedWebApp, signIn } from './web-platform';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('a readable audit trail', () => {
  const platform = servedWebApp();

  it('groups saves, records one report per PDF, names people and assessments, filters by person, checks dates', { timeout: 150_000 }, async () => {
    const { url, adminKey } = platform();
    const [org] = await seedOrganisations(url, adminKey, [{ name: 'Readable Ltd', industry: 'energy', sizeBand: '250-999', region: 'europe' }], () => 1);

    // Three answers at the lowest level, each different from the seeded one, saved one at a time.
    const changes = Object.entries(completeAnswers(await latestQuestionnaire(url), () => 0)).slice(0, 3);

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'readable-audit');
      const { page } = s;
      const person = await signIn(page, platform(), org!.token);
      // Three saves and a submission by the signed-in owner, through their session.
      const id = await page.evaluate(
        async ({ from, changes }) => {
          const csrf = (await (await fetch('/auth/session')).json()).csrfToken as string;
          const send = (method: string, path: string, body?: unknown) =>
            fetch(path, {
              method,
              headers: { 'content-type': 'application/json', 'x-aim-csrf': csrf },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
          const draft = await (await send('POST', `/v1/assessments/${from}/reopen`, {})).json();
          let revision = draft.revision as number;
          for (const [q, answer] of changes) {
            const res = await send('PATCH', `/v1/assessments/${draft.id}/answers`, { revision, answers: { [q]: answer } });
            if (!res.ok) throw new Error(`save ${res.status}: ${await res.text()}`);
            revision = (await res.json()).revision;
          }
          await send('POST', `/v1/assessments/${draft.id}/submit`, {});
          return draft.id as string;
        },
        { from: org!.assessmentId, changes },
      );

      for (const _ of [1, 2]) {
        await page.goto(`${url}/#/assessments/${id}`);
        await page.reload();
        await page.getByRole('heading', { name: 'Your results' }).waitFor();
        await page.getByRole('button', { name: 'Download PDF report' }).waitFor();
      }
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/report.pdf') && r.status() === 200),
        page.getByRole('button', { name: 'Download PDF report' }).click(),
      ]);

      await page.goto(`${url}/#/audit`);
      await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
      const rows = page.locator('div[aria-busy="false"] table.audit tbody tr');
      await rows.first().waitFor();
      const all = await rows.allInnerTexts();
      const tableText = await page.locator('table.audit').innerText();
      await s.capture('audit-readable');

      await page.getByLabel('Person or agent').selectOption({ label: `${person.name} (${person.email})` });
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/audit' && new URL(r.url()).searchParams.has('actor')),
        page.getByRole('button', { name: 'Show events' }).click(),
      ]);
      await page.locator('div[aria-busy="false"] table.audit tbody tr').first().waitFor();
      const narrowed = await page.locator('table.audit tbody tr').allInnerTexts();

      let sent = 0;
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/v1/audit') sent += 1;
      });
      await page.getByLabel('From', { exact: true }).fill('2026-12-10');
      await page.getByLabel('To', { exact: true }).fill('2026-12-01');
      await page.getByRole('button', { name: 'Show events' }).click();
      const from = page.getByLabel('From', { exact: true });
      await page.locator('.field-error').waitFor();
      const invalid = await from.getAttribute('aria-invalid');
      const described = await from.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      await s.capture('audit-reversed-dates');
      check(all.length > 0, 'the trail has rows');
      return { name: person.name, email: person.email, all, tableText, narrowed, sent, invalid, described, axe: s.axeFindings, pageErrors: s.pageErrors };
    });

    // The owner's three saves are one row (the seeding key's single save is another actor's row).
    const saves = out.all.filter((row) => row.includes('Saved answers') && row.includes(out.email));
    expect(saves).toHaveLength(1);
    expect(saves[0]).toContain('Saved answers 3 times');
    expect(saves[0]).toContain(out.name);
    expect(out.all.filter((row) => row.includes('Generated a report'))).toHaveLength(1);
    expect(out.all.some((row) => /Agent Identity.* \d+\.\d+\.\d+, (started|submitted) /i.test(row))).toBe(true);
    expect(out.tableText).not.toMatch(UUID);
    expect(out.narrowed.length).toBeGreaterThan(0);
    expect(out.narrowed.length).toBeLessThan(out.all.length);
    expect(out.narrowed.every((row) => row.includes(out.email))).toBe(true);
    expect(out.sent).toBe(0);
    expect(out.invalid).toBe('true');
    expect(out.described).toContain('must be on or before');
    expect(out.axe).toEqual([]);
    expect(out.pageErrors).toEqual([]);
  });
});
