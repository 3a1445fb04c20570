/**
 * People sign in, not keys (the acceptance test of the issue), in real Chromium against
 * the platform and its embedded OpenID Provider: a person creates an account from the
 * welcome page and registers their organisation; they invite a colleague, who opens the
 * link in another browser, creates an account and accepts; both answer the same
 * assessment. Throughout, no `aim_` key reaches the page (its HTML, readable cookies,
 * localStorage, sessionStorage), and the session lives in an HttpOnly, Secure,
 * SameSite=Strict cookie. A state-changing request without the anti-forgery header is
 * refused, signing out ends the session, and a callback the browser did not start ends on
 * the sign-in failure page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Session, waitSaved, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { keysInPage, newPerson, registerOrganisationInUi, SESSION_COOKIE, servedWebApp, signOut, signUp, signUpAtProvider } from './web-platform';

/** Every place a key showed, with the step it showed at. */
type Leaks = string[];

async function sessionCookie(context: BrowserContext, url: string) {
  const cookie = (await context.cookies(url)).find((c) => c.name === SESSION_COOKIE);
  return cookie ? { httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite } : null;
}

/** GET /auth/session from the page: its status and the active membership's role. */
const signedInSession = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/auth/session');
    const body = response.ok ? await response.json() : null;
    return { status: response.status, role: (body?.active?.role as string | undefined) ?? null, name: (body?.person?.name as string | undefined) ?? null };
  });

describe('people sign in at the identity provider', () => {
  const platform = servedWebApp();

  it('a person signs up and registers, invites a colleague who signs up and accepts, both answer; no key ever reaches the page', {
    timeout: 150_000,
  }, async () => {
    const { url } = platform();
    const q = await latestQuestionnaire(url);
    const [first, second] = q.domains[0]!.questions.filter((x) => x.type === 'single' && !x.showIf) as unknown as {
      id: string;
      options: { id: string; label: string }[];
    }[];
    const owner = newPerson('Olivia Owner', 'owner');
    const colleague = newPerson('Priya Shah', 'respondent');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'people-sign-in');
      const { page } = s;
      const leaks: Leaks = [];
      const noKeys = async (step: string) => leaks.push(...(await keysInPage(page)).map((where) => `${step}: ${where}`));

      // A key an older version of the app left in this browser is removed on load.
      await page.goto(url);
      await page.evaluate(() => {
        localStorage.setItem('aim.token', 'aim_left_by_an_older_version');
        localStorage.setItem('aim.role', 'owner');
      });
      await page.reload();
      // Signed out: the welcome page offers signing in and creating an account.
      await page.getByRole('heading', { name: "Assess your AI agents' identity governance", level: 1 }).waitFor();
      const signInLinks = await page.getByRole('link', { name: /^(Sign in|Create an account)$/ }).allInnerTexts();
      await noKeys('welcome');
      await s.capture('welcome');

      // Sign up at the provider, come back signed in with no organisation yet.
      await page.getByRole('link', { name: 'Create an account', exact: true }).click();
      await page.getByRole('heading', { name: 'Create your AIM account' }).waitFor();
      await s.capture('provider-sign-up');
      await signUpAtProvider(page, owner);
      await page.getByRole('heading', { name: `Welcome, ${owner.name}`, level: 1 }).waitFor();
      const cookieAfterSignUp = await sessionCookie(context, url);
      await noKeys('signed up');
      await s.capture('no-membership');

      // Register the organisation in the UI: its owner.
      await registerOrganisationInUi(page, 'People First Ltd');
      const ownerSession = await signedInSession(page);
      await noKeys('registered');
      await s.capture('home');

      // Invite a colleague as a respondent: the link is shown once.
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
      const invite = page
        .locator('section')
        .filter({ has: page.getByRole('heading', { name: /^Invite/ }) })
        .last();
      await invite.getByLabel('Name').fill(colleague.name);
      const role = invite.getByLabel('Role', { exact: true });
      if (await role.count()) await role.selectOption('respondent');
      await invite.getByRole('button', { name: /^(Create invite link|Invite)/ }).click();
      const inviteLink = await invite.getByLabel('Invite link').inputValue();
      await noKeys('invited');
      await s.capture('invited');

      // The owner starts an assessment and answers a question.
      await page.getByRole('link', { name: 'Assessments' }).click();
      await page.getByRole('button', { name: 'Start assessment' }).click();
      await page.waitForURL(/#\/assessments\/[^/]+/);
      const assessmentId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
      await page.locator(`[id="q-${first!.id}"]`).getByLabel(first!.options[1]!.label, { exact: true }).check();
      await waitSaved(page);
      await noKeys('owner answered');
      await s.capture('owner-answered');

      // The colleague, in another browser: the invitation, an account, accepting, an answer.
      const joined = await withBrowser(async (other) => {
        const c = await Session.open(other, 'people-sign-in/colleague');
        const p = c.page;
        const colleagueLeaks: Leaks = [];
        const noColleagueKeys = async (step: string) => colleagueLeaks.push(...(await keysInPage(p)).map((where) => `colleague ${step}: ${where}`));
        await p.goto(inviteLink);
        await p.getByRole('link', { name: 'Create an account to accept' }).waitFor();
        const offered = await p.getByRole('link', { name: /to accept$/ }).allInnerTexts();
        await noColleagueKeys('invitation');
        await c.capture('invitation');
        await p.getByRole('link', { name: 'Create an account to accept' }).click();
        await signUpAtProvider(p, colleague);
        await p.getByRole('button', { name: 'Accept invitation' }).waitFor();
        await noColleagueKeys('signed up');
        await c.capture('accept');
        await p.getByRole('button', { name: 'Accept invitation' }).click();
        await p.getByRole('heading', { name: 'Your assessments' }).waitFor();
        const session = await signedInSession(p);
        const cookie = await sessionCookie(other, url);
        await p.goto(`${url}/#/assessments/${encodeURIComponent(assessmentId)}`);
        const box = p.locator(`[id="q-${second!.id}"]`);
        await box.getByLabel(second!.options[2]!.label, { exact: true }).check();
        await waitSaved(p);
        await noColleagueKeys('answered');
        await c.capture('colleague-answered');
        return { c, offered, session, cookie, colleagueLeaks };
      });
      for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) s[field].push(...(joined.c[field] as never[]));
      leaks.push(...joined.colleagueLeaks);

      // Both answers are stored, each by who gave it (read back from the owner's page, with the session).
      await page.reload();
      await page.locator(`[id="q-${second!.id}"]`).waitFor();
      const secondShown = await page.locator(`[id="q-${second!.id}"] input:checked`).getAttribute('value');
      const stored = await page.evaluate(async (id) => (await (await fetch(`/v1/assessments/${encodeURIComponent(id)}`)).json()).answers, assessmentId);

      // A state-changing request without the anti-forgery header is refused; with it, it lands.
      const forged = await page.evaluate(
        async (body) => (await fetch('/v1/assessments', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status,
        JSON.stringify({ questionnaireId: q.id, version: q.version }),
      );
      const withToken = await page.evaluate(
        async (body) => {
          const { csrfToken } = await (await fetch('/auth/session')).json();
          return (await fetch('/v1/assessments', { method: 'POST', headers: { 'content-type': 'application/json', 'x-aim-csrf': csrfToken }, body })).status;
        },
        JSON.stringify({ questionnaireId: q.id, version: q.version }),
      );
      await noKeys('after the requests');

      // Signing out ends the session.
      const { atProvider } = await signOut(page, url);
      const afterSignOut = await signedInSession(page);
      const cookieAfterSignOut = await sessionCookie(context, url);
      await noKeys('signed out');
      await s.capture('signed-out');

      // A callback this browser did not start (a forged or replayed one) ends on the failure page.
      await page.goto(`${url}/auth/callback?code=forged&state=forged`);
      await page.getByRole('heading', { name: 'Signing in did not succeed', level: 1 }).waitFor();
      const failedAt = new URL(page.url()).hash;
      const afterFailure = await signedInSession(page);
      await s.capture('sign-in-failed');

      // Another person signs up in the same browser: no trace of the first.
      const next = newPerson('Nadia Next', 'owner');
      await signUp(page, url, next);
      const nextSession = await signedInSession(page);
      return {
        s,
        leaks,
        signInLinks,
        cookieAfterSignUp,
        ownerSession,
        inviteLink,
        joined: { offered: joined.offered, session: joined.session, cookie: joined.cookie },
        stored,
        secondShown,
        forged,
        withToken,
        atProvider,
        afterSignOut,
        cookieAfterSignOut,
        failedAt,
        afterFailure,
        nextSession,
      };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    // No key anywhere a script could read it, at any step, in either browser.
    expect(out.leaks).toEqual([]);
    expect(out.signInLinks).toEqual(expect.arrayContaining(['Sign in', 'Create an account']));
    // The session cookie: HttpOnly, Secure, SameSite=Strict (document.cookie never shows it: checked with the leaks).
    const strictCookie = { httpOnly: true, secure: true, sameSite: 'Strict' };
    expect(out.cookieAfterSignUp).toEqual(strictCookie);
    expect(out.joined.cookie).toEqual(strictCookie);
    expect(out.ownerSession).toEqual({ status: 200, role: 'owner', name: 'Olivia Owner' });
    expect(out.inviteLink).toMatch(new RegExp(`^${url}/#/join/[^/]+$`));
    // The colleague joined through the invitation, as a respondent.
    expect(out.joined.offered).toEqual(['Sign in to accept', 'Create an account to accept']);
    expect(out.joined.session).toEqual({ status: 200, role: 'respondent', name: 'Priya Shah' });
    // Both answers are saved in the same assessment, each by its author.
    expect(out.stored[first!.id]).toMatchObject({ value: first!.options[1]!.id });
    expect(out.stored[second!.id]).toMatchObject({ value: second!.options[2]!.id });
    expect(out.stored[first!.id].updatedBy?.label).toBe('Olivia Owner');
    expect(out.stored[second!.id].updatedBy?.label).toBe('Priya Shah');
    expect(out.secondShown).toBe(second!.options[2]!.id);
    // Anti-forgery: refused without the header, accepted with it.
    expect(out.forged).toBe(403);
    expect(out.withToken).toBe(201);
    // Signed out: the session is over, its cookie gone, and the provider's sign-in ended too.
    expect(out.afterSignOut).toEqual({ status: 401, role: null, name: null });
    expect(out.cookieAfterSignOut).toBeNull();
    expect(out.atProvider).toBe(true);
    expect(out.failedAt).toBe('#/sign-in-failed/sign_in_failed');
    expect(out.afterFailure.status).toBe(401);
    expect(out.nextSession).toEqual({ status: 200, role: null, name: 'Nadia Next' });
  });
});
