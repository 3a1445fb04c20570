/**
 * Scopes (issue 19) in real Chromium: an owner opens the Scopes page from the Programme
 * sub-navigation, creates two scopes (a third with a name already taken, in another case,
 * is refused at the name field), starts an assessment of one scope from the start page,
 * submits it, and the roll-up shows that scope's level beside "Not assessed yet" for the
 * other scope and the whole organisation (a card per scope on a phone). On the Access page
 * the owner restricts a respondent to the other scope; that respondent is offered only it
 * on the start page and sees only its roll-up. The pages pass axe and do not scroll
 * sideways at 1280 and 375 px.
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../support/answering';
import { check, DESKTOP, PHONE, Session, withBrowser } from './browser';
import { latestQuestionnaire } from './seed';
import { fromPage, newPerson, personFor, registerOrganisationInUi, servedWebApp, signInAs, signUp } from './web-platform';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface RollUpBody {
  rows: { scope: { id: string; name: string } | null; latest: { overall: { level: number } } | null; drafts: number }[];
}

describe('scopes in the web app', () => {
  const platform = servedWebApp();

  it('creates scopes (refusing a taken name at its field), assesses one from the start page and rolls it up beside the others', {
    timeout: 180_000,
  }, async () => {
    const { url } = platform();
    const q = await latestQuestionnaire(url);
    const owner = newPerson('Sasha Scope', 'owner');

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'scopes');
      const { page } = s;
      await signUp(page, url, owner);
      await registerOrganisationInUi(page, 'Scoped Systems Ltd');

      // No scopes yet: the start page offers no choice of what to assess.
      await page.getByRole('heading', { name: 'Start a new assessment', level: 2 }).waitFor();
      const assessSelectBefore = await page.getByLabel('Assess', { exact: true }).count();

      // From the header's Programme link to the Scopes page of its sub-navigation.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programme' }).click();
      await page.getByRole('heading', { name: 'Targets', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: 'Programme' }).getByRole('link', { name: 'Scopes' }).click();
      await page.getByRole('heading', { name: 'Scopes', level: 1 }).waitFor();
      const current = {
        programme: await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programme' }).getAttribute('aria-current'),
        scopes: await page.getByRole('navigation', { name: 'Programme' }).getByRole('link', { name: 'Scopes' }).getAttribute('aria-current'),
      };
      await page.getByTestId('no-scopes').waitFor();
      const emptyRollUp = squash(await page.getByTestId('roll-up-organisation-latest').innerText());

      // Two scopes.
      const form = page.locator('form.scope-form');
      const status = page.getByTestId('scopes-status');
      await form.getByLabel('Name', { exact: true }).fill('Payments');
      await form.getByLabel('Kind').selectOption({ label: 'Business unit' });
      await form.getByLabel(/^Description/).fill('Card and transfer services, and the agents that reconcile them');
      await form.getByRole('button', { name: 'Create scope' }).click();
      await status.filter({ hasText: 'Payments' }).waitFor();
      const firstStatus = squash(await status.innerText());
      await form.getByLabel('Name', { exact: true }).fill('Agent platform');
      await form.getByLabel('Kind').selectOption({ label: 'Platform' });
      await form.getByRole('button', { name: 'Create scope' }).click();
      await status.filter({ hasText: 'Agent platform' }).waitFor();
      await page.getByTestId('roll-up-Agent platform').waitFor();

      // A name already taken (compared without case): refused at the name field, which takes focus.
      await form.getByLabel('Name', { exact: true }).fill('payments');
      await form.getByLabel('Kind').selectOption({ label: 'Workload' });
      await form.getByRole('button', { name: 'Create scope' }).click();
      const nameError = form.locator('.field-error');
      await nameError.waitFor();
      const taken = {
        error: squash(await nameError.innerText()),
        invalid: await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'),
        focused: await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? ''),
        describedBy: await form.getByLabel('Name', { exact: true }).getAttribute('aria-describedby'),
        errorId: await nameError.getAttribute('id'),
      };
      const listed = await fromPage(page, 'GET', '/v1/scopes');
      const scopes = (listed.body as { scopes: { id: string; name: string; kind: string }[] }).scopes;
      const payments = scopes.find((x) => x.name === 'Payments');
      check(payments, 'the Payments scope exists');
      await s.capture('scopes-created-1280');

      // The start page: assess the Payments scope.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assessments' }).click();
      const assess = page.getByLabel('Assess', { exact: true });
      await assess.locator('option', { hasText: 'Payments' }).waitFor({ state: 'attached' });
      const assessOptions = (await assess.locator('option').allInnerTexts()).map((t) => t.trim());
      await s.capture('home-scopes-1280');
      await assess.selectOption({ label: 'Payments' });
      await page.getByRole('button', { name: 'Start assessment' }).click();
      await page.waitForURL(/#\/assessments\/[^/]+/);
      const assessmentId = decodeURIComponent(/#\/assessments\/([^/]+)/.exec(page.url())![1]!);
      const started = await fromPage(page, 'GET', `/v1/assessments/${assessmentId}`);
      const startedBody = started.body as { scopeId?: string; revision: number };

      // Answered and submitted through the API, as the page's own session.
      const saved = await fromPage(page, 'PATCH', `/v1/assessments/${assessmentId}/answers`, {
        revision: startedBody.revision,
        answers: completeAnswers(q, () => 3),
      });
      const submitted = await fromPage(page, 'POST', `/v1/assessments/${assessmentId}/submit`);
      check(submitted.status === 200, `submitted (${saved.status}, ${submitted.status})`);
      const level = (submitted.body as { scores: { overall: { level: number } } }).scores.overall.level;

      // The history names the scope of each assessment.
      await page.goto(`${url}/#/`);
      const historyItem = page.locator('.assessment-list li').first();
      await historyItem.filter({ hasText: 'Submitted' }).waitFor();
      // The scopes load beside the list: their names follow it.
      await historyItem.locator('.history-scope').waitFor();
      const historyText = squash(await historyItem.locator('a').innerText());

      // The roll-up: the Payments scope's level, the other scope and the whole organisation not assessed yet.
      await page.goto(`${url}/#/scopes`);
      await page
        .getByTestId('roll-up-Payments-overall')
        .filter({ hasText: `Level ${level}` })
        .waitFor();
      const cell = async (key: string) => squash(await page.getByTestId(`roll-up-${key}`).innerText());
      const cells = async () => ({
        payments: [await cell('Payments-latest'), await cell('Payments-overall'), await cell('Payments-drafts')],
        platform: [await cell('Agent platform-latest'), await cell('Agent platform-overall'), await cell('Agent platform-drafts')],
        organisation: [await cell('organisation-latest'), await cell('organisation-overall'), await cell('organisation-drafts')],
      });
      const rows = {
        header: (await page.locator('table.roll-up thead th').allInnerTexts()).map(squash),
        lines: (await page.locator('table.roll-up tbody th').allInnerTexts()).map(squash),
        descriptions: squash(await page.locator('.roll-up-descriptions').innerText()),
        ...(await cells()),
      };
      const rollUp = (await fromPage(page, 'GET', `/v1/scopes/roll-up?questionnaireId=${encodeURIComponent(q.id)}`)).body as RollUpBody;
      await s.capture('scopes-roll-up-1280');
      await page.setViewportSize(PHONE);
      await page.getByRole('heading', { name: 'Scopes', level: 1 }).waitFor();
      // On a phone, a card per scope says the same.
      await page.locator('.roll-up-cards').waitFor();
      const phone = {
        payments: [await cell('Payments-latest'), await cell('Payments-overall'), await cell('Payments-drafts')],
        platform: [await cell('Agent platform-latest'), await cell('Agent platform-drafts')],
        organisation: [await cell('organisation-latest'), await cell('organisation-drafts')],
        // No scores listed for a scope not assessed yet.
        unassessedScores: await page.getByTestId('roll-up-Agent platform-overall').count(),
      };
      await s.capture('scopes-roll-up-375');
      await page.goto(`${url}/#/`);
      await page.getByLabel('Assess', { exact: true }).waitFor();
      await s.capture('home-scopes-375');
      await page.setViewportSize(DESKTOP);

      // The owner restricts a respondent to the Agent platform on the Access page.
      const respondentKey = await fromPage(page, 'POST', '/v1/tokens', { role: 'respondent', label: 'Rory Respondent' });
      check(respondentKey.status === 201, `a respondent's key (${respondentKey.status})`);
      const respondent = await personFor(platform(), respondentKey.body.token.secret as string);
      await page.goto(`${url}/#/access`);
      const restrictSelect = page.getByLabel(`Scope ${respondent.name} is restricted to`);
      await restrictSelect.waitFor();
      const restrictOptions = (await restrictSelect.locator('option').allInnerTexts()).map((t) => t.trim());
      await restrictSelect.selectOption({ label: 'Agent platform' });
      await page.getByText(`${respondent.name} is now restricted to Agent platform`).waitFor();
      const access = {
        status: squash(await page.getByText(`${respondent.name} is now restricted to Agent platform`).innerText()),
        header: (await page.locator('table.members thead th').allInnerTexts()).map(squash),
        ownerRow: squash(await page.locator('table.members tbody tr', { hasText: owner.name }).innerText()),
        stored: ((await fromPage(page, 'GET', '/v1/members')).body as { members: { person: { name: string }; scopeId: string | null }[] }).members.find(
          (m) => m.person.name === respondent.name,
        )?.scopeId,
      };
      await s.capture('access-scopes-1280');

      // Each scope has its own plan: Payments' is made from its submission; the whole organisation has none to make.
      await page.goto(`${url}/#/plan`);
      await page.getByRole('heading', { name: 'Improvement plan', level: 1 }).waitFor();
      const planScope = page.getByLabel('Scope', { exact: true });
      await planScope.selectOption({ label: 'Payments' });
      await page.getByRole('button', { name: /^Create the plan from the submission of/ }).click();
      await page.getByTestId('plan-summary').waitFor();
      const paymentsPlan = await fromPage(page, 'GET', `/v1/plans/${q.id}?scopeId=${payments.id}`);
      await planScope.selectOption({ label: 'The whole organisation' });
      await page.getByTestId('plan-none').waitFor();
      const wholePlan = {
        text: squash(await page.getByTestId('plan-none').innerText()),
        stored: (await fromPage(page, 'GET', `/v1/plans/${q.id}`)).status,
      };
      await s.capture('plan-scopes-1280');

      // The respondent: offered only their scope, and shown only its roll-up.
      const restricted = await withBrowser(async (other) => {
        const c = await Session.open(other, 'scopes/respondent');
        await signInAs(c.page, url, respondent);
        const theirAssess = c.page.getByLabel('Assess', { exact: true });
        await theirAssess.locator('option').first().waitFor({ state: 'attached' });
        const home = {
          options: (await theirAssess.locator('option').allInnerTexts()).map((t) => t.trim()),
          chosen: await theirAssess.inputValue(),
        };
        await c.capture('home-restricted-375');
        await c.page.goto(`${url}/#/scopes`);
        await c.page.getByTestId('scope-restriction').waitFor();
        await c.page.getByTestId('roll-up-Agent platform-latest').waitFor();
        const scopesPage = {
          notice: squash(await c.page.getByTestId('scope-restriction').innerText()),
          others: (await c.page.getByTestId('roll-up-Payments').count()) + (await c.page.getByTestId('roll-up-organisation').count()),
          forms: await c.page.locator('main form').count(),
        };
        await c.capture('scopes-restricted-375');
        return { c, home, scopesPage };
      }, PHONE);
      for (const field of ['axeFindings', 'axePages', 'pageErrors'] as const) s[field].push(...(restricted.c[field] as never[]));

      return {
        s,
        assessSelectBefore,
        current,
        emptyRollUp,
        firstStatus,
        taken,
        scopes,
        paymentsId: payments.id,
        assessOptions,
        scopeId: startedBody.scopeId,
        level,
        historyText,
        rows,
        phone,
        rollUp,
        platformId: scopes.find((x) => x.name === 'Agent platform')?.id,
        restrictOptions,
        access,
        restricted: { home: restricted.home, scopesPage: restricted.scopesPage },
        paymentsPlan,
        wholePlan,
      };
    }, DESKTOP);

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages).toEqual(
      expect.arrayContaining([
        'scopes-created-1280',
        'home-scopes-1280',
        'scopes-roll-up-1280',
        'scopes-roll-up-375',
        'home-scopes-375',
        'access-scopes-1280',
        'home-restricted-375',
        'scopes-restricted-375',
      ]),
    );
    expect(out.assessSelectBefore).toBe(0);
    expect(out.current).toEqual({ programme: 'page', scopes: 'page' });
    expect(out.emptyRollUp).toBe('Not assessed yet');
    expect(out.firstStatus).toMatch(/^Scope "Payments" created\./);
    // The taken name: said at the name field, described by it, focused; nothing created.
    expect(out.taken.error).toMatch(/^There is already a scope named "payments"/);
    expect(out.taken.invalid).toBe('true');
    expect(out.taken.focused).toBe('payments');
    expect(out.taken.describedBy?.split(' ')).toContain(out.taken.errorId);
    expect(out.scopes.map((x) => [x.name, x.kind])).toEqual([
      ['Agent platform', 'platform'],
      ['Payments', 'business_unit'],
    ]);
    // The start page offers the whole organisation and each scope; the new assessment is of the one chosen.
    expect(out.assessOptions).toEqual(['The whole organisation', 'Agent platform', 'Payments']);
    expect(out.scopeId).toBe(out.paymentsId);
    expect(out.historyText).toMatch(/, version [\d.]+, Payments\b/);
    // The roll-up: the whole organisation first, then the scopes by name, as the API gives them.
    expect(out.rollUp.rows.map((r) => r.scope?.name ?? null)).toEqual([null, 'Agent platform', 'Payments']);
    expect(out.rollUp.rows[2]?.latest?.overall.level).toBe(out.level);
    const titles = (q.domains as unknown as { title: string }[]).map((d) => d.title);
    expect(out.rows.header).toEqual(['Score', 'Whole organisation', 'Agent platform Platform', 'Payments Business unit']);
    expect(out.rows.lines).toEqual(['Latest submission', 'Overall', ...titles, 'Drafts under way']);
    expect(out.rows.descriptions).toBe('Payments: Card and transfer services, and the agents that reconcile them');
    const expected = {
      payments: [
        expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/),
        expect.stringMatching(new RegExp(`^Level ${out.level} \\S+ \\(\\d\\.\\d\\d\\)$`)),
        '0',
      ],
      platform: ['Not assessed yet', '—', '0'],
      organisation: ['Not assessed yet', '—', '0'],
    };
    expect(out.rows).toMatchObject(expected);
    expect(out.phone).toEqual({
      payments: expected.payments,
      platform: ['Not assessed yet', '0'],
      organisation: ['Not assessed yet', '0'],
      unassessedScores: 0,
    });
    // The Access page: a respondent's restriction chosen from the scopes, saved and said; owners are never restricted.
    expect(out.paymentsPlan.status).toBe(200);
    expect(out.paymentsPlan.body).toMatchObject({ scopeId: out.paymentsId });
    expect(out.paymentsPlan.body.items.length).toBeGreaterThan(0);
    expect(out.wholePlan).toEqual({ text: expect.stringMatching(/No assessment is submitted yet/), stored: 404 });
    expect(out.restrictOptions).toEqual(['No restriction', 'Agent platform', 'Payments']);
    expect(out.access.status).toBe('Rory Respondent is now restricted to Agent platform: they see and answer only its assessments.');
    expect(out.access.header).toContain('Restricted to');
    expect(out.access.ownerRow).toContain('No restriction');
    expect(out.access.stored).toBe(out.platformId);
    // The restricted respondent: only their scope, chosen already; only its roll-up, and no form to create scopes.
    expect(out.restricted.home).toEqual({ options: ['Agent platform'], chosen: out.platformId });
    expect(out.restricted.scopesPage).toEqual({
      notice: 'You are restricted to the scope Agent platform: you see and answer only its assessments.',
      others: 0,
      forms: 0,
    });
  });
});
