/**
 * People, not identifiers (issue 18), in real Chromium: the owner sees their organisation
 * and role in the header, finds themself marked "This is you" on the access page and, as
 * the only owner, is not offered removing or demoting themself (with the reason shown);
 * history entries of one questionnaire are told apart by more than a badge; an invited
 * person sees who invited them, to which organisation, as what role and until when before
 * accepting. The access, join and home pages pass axe (no serious or critical findings) and
 * do not scroll sideways at 375 px; the access page is checked at 1280 px too, with its
 * radio buttons level with their labels.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../support/answering';
import { DESKTOP, PHONE, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { fromPage, newPerson, registerOrganisationInUi, servedWebApp, signUp, signUpAtProvider } from './web-platform';

const ORGANISATION = 'Harbour Analytics Ltd';

/** How far each radio's centre sits from the centre of its (one-line) label text, in pixels. */
const radioOffsets = (page: Page) =>
  page.locator('.field .option').evaluateAll((labels) =>
    labels.map((label) => {
      const radio = label.querySelector('input')!.getBoundingClientRect();
      const line = label.querySelector('span')!.getBoundingClientRect();
      return Math.round(Math.abs(radio.top + radio.height / 2 - (line.top + line.height / 2)));
    }),
  );

describe('people, not identifiers', () => {
  const platform = servedWebApp();

  it('the last owner cannot lock the organisation out, the header names it, the invitation says who invited whom to what', { timeout: 150_000 }, async () => {
    const { url } = platform();
    const q = await latestQuestionnaire(url);
    const owner = newPerson('Olivia Owner', 'owner');
    const invitee = newPerson('Ivan Invitee', 'invitee');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'people-first');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, ORGANISATION);
      const header = {
        organisation: (await page.getByTestId('active-organisation').innerText()).trim(),
        role: (await page.getByTestId('active-role').innerText()).trim(),
      };

      // Two assessments of one questionnaire: one submitted, one a draft.
      const first = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      const saved = await fromPage(page, 'PATCH', `/v1/assessments/${first.body.id}/answers`, { revision: 0, answers: completeAnswers(q, () => 2) });
      const submitted = await fromPage(page, 'POST', `/v1/assessments/${first.body.id}/submit`);
      const second = await fromPage(page, 'POST', '/v1/assessments', { questionnaireId: q.id, version: q.version });
      await page.reload();
      await page.getByRole('heading', { name: 'Your assessments', level: 1 }).waitFor();
      await page.locator('.assessment-list li').nth(1).waitFor();
      const history = (await page.locator('.assessment-list .history-facts').allInnerTexts()).map((t) => t.trim());
      await s.capture('home-1280');

      // The access page: the owner is "This is you", and cannot remove or demote themself.
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const people = page.locator('section').filter({ has: page.getByRole('heading', { name: 'People', level: 2 }) });
      const myRow = people.getByRole('row').filter({ hasText: owner.name });
      await myRow.getByText('This is you').waitFor();
      const ownRole = people.getByLabel(`Role for ${owner.name}`);
      const removeMe = people.getByRole('button', { name: `Remove yourself (${owner.name})` });
      const access = {
        roleDisabled: await ownRole.isDisabled(),
        removeDisabled: await removeMe.isDisabled(),
        explanation: (await myRow.locator('.last-owner-note').innerText()).trim(),
        described: await removeMe.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? ''),
        inUse: await page.getByText('your session is the credential in use by you').count(),
      };
      await page.getByRole('radio', { name: 'Public key' }).waitFor();
      const radiosDesktop = await radioOffsets(page);
      await s.capture('access-1280');
      await page.setViewportSize(PHONE);
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const radiosPhone = await radioOffsets(page);
      await s.capture('access-375');
      await page.getByRole('link', { name: 'Assessments' }).click();
      await page.locator('.assessment-list li').nth(1).waitFor();
      await s.capture('home-375');
      await page.setViewportSize(DESKTOP);

      // An invitation for a leader.
      await page.getByRole('link', { name: 'Access' }).click();
      const invite = page
        .locator('section')
        .filter({ has: page.getByRole('heading', { name: 'Invite someone' }) })
        .last();
      await invite.getByLabel('Name').fill(invitee.name);
      await invite.getByLabel('Role', { exact: true }).selectOption('leader');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      const inviteLink = await invite.getByLabel('Invite link').inputValue();

      // The invitee, on a phone: signs up from the invitation, then sees what it offers before accepting.
      const joined = await withBrowser(async (other) => {
        const c = await Session.open(other, 'people-first/invitee');
        const p = c.page;
        await p.goto(inviteLink);
        await p.getByRole('link', { name: 'Create an account to accept' }).waitFor();
        await c.capture('join-signed-out');
        await p.getByRole('link', { name: 'Create an account to accept' }).click();
        await signUpAtProvider(p, invitee);
        const facts = p.getByTestId('invitation-preview');
        await facts.waitFor();
        const preview = {
          heading: (await p.getByRole('heading', { level: 1 }).innerText()).trim(),
          facts: (await facts.innerText()).replace(/\s+/g, ' ').trim(),
          acceptOffered: await p.getByRole('button', { name: 'Accept invitation' }).isEnabled(),
        };
        await c.capture('join-preview');
        await p.getByRole('button', { name: 'Accept invitation' }).click();
        await p.getByRole('heading', { name: 'Your assessments', level: 1 }).waitFor();
        const header = {
          organisation: (await p.getByTestId('active-organisation').innerText()).trim(),
          role: (await p.getByTestId('active-role').innerText()).trim(),
        };
        await c.capture('home-invitee');
        return { c, preview, header };
      }, PHONE);
      for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) s[field].push(...(joined.c[field] as never[]));

      // Two owners now: the first may step down, so the page offers it again.
      await page.reload();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      await people.getByLabel(`Role for ${invitee.name}`).selectOption('owner');
      await people
        .getByRole('status')
        .filter({ hasText: `${invitee.name} is now an owner.` })
        .waitFor();
      const afterHandover = { roleDisabled: await ownRole.isDisabled(), removeDisabled: await removeMe.isDisabled() };

      return {
        s,
        header,
        statuses: [first.status, saved.status, submitted.status, second.status],
        history,
        access,
        radiosDesktop,
        radiosPhone,
        joined: { preview: joined.preview, header: joined.header },
        afterHandover,
      };
    }, DESKTOP);

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages).toEqual(
      expect.arrayContaining(['home-1280', 'access-1280', 'access-375', 'home-375', 'join-signed-out', 'join-preview', 'home-invitee']),
    );
    // The organisation and the role, in the header.
    expect(out.header).toEqual({ organisation: ORGANISATION, role: expect.stringMatching(/Owner$/) });
    // History: each entry says when and by whom, and the submitted one its result.
    expect(out.statuses).toEqual([201, 200, 200, 201]);
    expect(out.history).toHaveLength(2);
    expect(new Set(out.history).size).toBe(2);
    for (const line of out.history) expect(line).toMatch(/^started .+ by Olivia Owner/);
    expect(out.history.filter((line) => /submitted .+ by Olivia Owner · level \d \w+ \(\d\.\d\d\)/.test(line))).toHaveLength(1);
    expect(out.history.filter((line) => /last saved/.test(line))).toHaveLength(1);
    // The only owner: marked, and not offered removing or demoting themself, with the reason.
    expect(out.access).toMatchObject({ roleDisabled: true, removeDisabled: true, inUse: 1 });
    expect(out.access.explanation).toMatch(/^You are the only owner: make someone else an owner/);
    expect(out.access.described).toBe(out.access.explanation);
    // Radio buttons level with their labels at both widths.
    expect(out.radiosDesktop.length).toBeGreaterThan(0);
    expect([...out.radiosDesktop, ...out.radiosPhone].filter((offset) => offset > 2)).toEqual([]);
    // The invitation, before accepting: organisation, inviter, role, expiry.
    expect(out.joined.preview.heading).toBe(`Join ${ORGANISATION} on AIM`);
    expect(out.joined.preview.facts).toMatch(
      new RegExp(`^Organisation ${ORGANISATION} Invited by Olivia Owner Your role Leader: reads results, reports and the audit trail Invitation expires \\S`),
    );
    expect(out.joined.preview.acceptOffered).toBe(true);
    expect(out.joined.header).toEqual({ organisation: ORGANISATION, role: expect.stringMatching(/Leader$/) });
    // With another owner, stepping down is offered again.
    expect(out.afterHandover).toEqual({ roleDisabled: false, removeDisabled: false });
  });
});
