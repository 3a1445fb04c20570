/**
 * Answer assurance in real Chromium (issue 20, docs/evidence.md, "Assurance"): an owner reviews a
 * credential report's classification (correcting one identity), imports it and the agent
 * inventory template, accepts two proposed answers and answers a third otherwise with a reason
 * (an option the evidence rules out); the rest is answered through the API on the revision read
 * first, and the assessment submitted. Results show each answer's assurance, the share per domain
 * and the flag; the PDF report says the same. axe finds nothing serious with a decision form open
 * and on Results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { latestProposals } from '../../web/src/assurance-text';
import { apiClient } from '../support/api-client';
import { allQuestions, answerFor } from '../support/answering';
import { check, Session, withBrowser } from './browser';
import { ownerWithDraft } from './seed';
import { servedWebApp, signIn } from './web-platform';

const FIXTURES = 'test/fixtures/evidence';
const REASON = 'Two agents moved to short-lived tokens after this export was taken';

interface Proposal {
  questionId: string;
  value: string;
  consistent: string[];
  evidence: string;
  facts: [];
}
interface Imported {
  id: string;
  importedAt: string;
  fileName: string;
  proposals: Proposal[];
}
interface Stored {
  value?: unknown;
  assurance?: string;
  assuranceReason?: string;
  evidenceSource?: { importId: string; statement: string };
}

describe('answer assurance in the browser', () => {
  const platform = servedWebApp();

  it('accept two proposals, answer one otherwise, submit, and read the assurance on Results and in the PDF', { timeout: 240_000 }, async () => {
    const { url } = platform();
    const api = apiClient(url);
    const { ownerKey, assessmentId, questionnaire: q } = await ownerWithDraft(url, 'Assured Ltd');
    const questions = allQuestions(q);
    const imports = async () => (await api.get(`/v1/assessments/${assessmentId}/evidence`, ownerKey)).body.imports as Imported[];
    const optionIds = (questionId: string) => {
      const question = questions.find((x) => x.id === questionId)!;
      return 'options' in question ? question.options.map((o) => o.id) : [];
    };

    const out = await withBrowser(async (context) => {
      const s = await Session.open(context, 'evidence-assurance');
      const { page } = s;
      await signIn(page, platform(), ownerKey);
      await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
      await page.goto(`${url}/#/assessments/${assessmentId}`);
      const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Evidence from your identity systems' }) });
      await section.getByText('No file imported into this assessment yet.').waitFor();

      // The credential report through the review table, one unclassified identity corrected to an agent.
      await section.getByLabel('What the file is').selectOption({ label: 'AWS IAM credential report (CSV)' });
      await section.getByLabel('File', { exact: true }).setInputFiles(`${FIXTURES}/credential-report.csv`);
      await section.getByRole('button', { name: 'Review classification' }).click();
      const table = section.getByRole('table', { name: /Identities and their kinds/ });
      await table.waitFor();
      const unknownRow = table.locator('tbody tr').filter({ hasText: 'no tag, naming rule or default applies' }).first();
      const corrected = (await unknownRow.getAttribute('data-identity'))!;
      await unknownRow.getByRole('combobox').selectOption('agent');
      await section.getByRole('status').filter({ hasText: '1 correction to save.' }).waitFor();
      await section.getByRole('button', { name: 'Save corrections and import' }).click();
      await section.getByRole('status').filter({ hasText: 'Imported credential-report.csv' }).waitFor();

      // The template, imported directly.
      await section.getByLabel('What the file is').selectOption({ label: 'AIM agent inventory template (CSV)' });
      await section.getByLabel('File', { exact: true }).setInputFiles(`${FIXTURES}/template.csv`);
      await section.getByRole('button', { name: 'Import', exact: true }).click();
      await section.getByRole('status').filter({ hasText: 'Imported template.csv' }).waitFor();

      // What the imports propose, the latest import speaking for each question.
      const latest = latestProposals(await imports());
      const shown = await section.locator('li.proposal-decision').evaluateAll((items) => items.map((i) => i.getAttribute('data-question')));
      // An answer otherwise that the evidence rules out, so that the submit flags it (not the gate to follow-ups).
      const override = latest.find(
        ({ proposal }) => proposal.questionId !== 'agents-act-for-users' && optionIds(proposal.questionId).some((o) => !proposal.consistent.includes(o)),
      );
      check(!!override, 'a proposal rules out an option');
      const accepted = latest.filter((l) => l !== override).slice(0, 2);
      check(accepted.length === 2, `at least three proposals (${latest.length})`);

      const decision = (questionId: string) => section.locator(`li.proposal-decision[data-question="${questionId}"]`);
      const [first, second] = accepted as [(typeof accepted)[0], (typeof accepted)[0]];
      await decision(first.proposal.questionId).getByRole('button', { name: 'Accept', exact: true }).click();
      await decision(first.proposal.questionId).getByRole('status').filter({ hasText: 'Accepted: evidence-backed.' }).waitFor();

      // A colleague answers the second question meanwhile: accepting it conflicts and overwrites nothing.
      const colleagueValue = optionIds(second.proposal.questionId).find((o) => o !== second.proposal.value)!;
      const before = (await api.get(`/v1/assessments/${assessmentId}`, ownerKey)).body as { revision: number };
      const colleague = await api.patch(
        `/v1/assessments/${assessmentId}/answers`,
        { revision: before.revision, answers: { [second.proposal.questionId]: { value: colleagueValue } } },
        ownerKey,
      );
      check(colleague.status === 200, `the colleague's save (${colleague.status})`);
      await decision(second.proposal.questionId).getByRole('button', { name: 'Accept', exact: true }).click();
      await decision(second.proposal.questionId).getByRole('status').filter({ hasText: 'Not saved' }).waitFor();
      const conflictAlert = await page.getByRole('alert').filter({ hasText: 'A colleague changed a question you were answering.' }).innerText();
      const heldDuringConflict = ((await api.get(`/v1/assessments/${assessmentId}`, ownerKey)).body as { answers: Record<string, Stored> }).answers[
        second.proposal.questionId
      ];
      // Keep mine: the acceptance is saved on the fresh revision, and the decision says so.
      await page.getByRole('alert').getByRole('link').first().click();
      await page.locator(`#q-${second.proposal.questionId}`).getByRole('button', { name: 'Keep mine' }).click();
      await decision(second.proposal.questionId).getByRole('status').filter({ hasText: 'Accepted: evidence-backed.' }).waitFor();
      const overridden = decision(override!.proposal.questionId);
      const otherwise = optionIds(override!.proposal.questionId).find((o) => !override!.proposal.consistent.includes(o))!;
      await overridden.getByRole('button', { name: 'Answer otherwise' }).click();
      await overridden.getByLabel(/^Your answer to/).selectOption(otherwise);
      await overridden.getByLabel(/Why the evidence does not decide it/).fill(REASON);
      await s.capture('decision-form-open');
      await overridden.getByRole('button', { name: 'Save this answer' }).click();
      await overridden.getByRole('status').filter({ hasText: 'Answered otherwise: self-attested.' }).waitFor();
      const acceptedLine = await decision(accepted[0]!.proposal.questionId).getByTestId('current-answer').innerText();
      const overriddenLine = await overridden.getByTestId('current-answer').innerText();
      const acceptDisabled = await decision(accepted[0]!.proposal.questionId).getByRole('button', { name: 'Accepted' }).isDisabled();
      await s.capture('decided');

      // The question page shows the evidence behind the accepted answer.
      const acceptedQuestion = accepted[0]!.proposal.questionId;
      const domainOf = (qid: string) => q.domains.find((d) => d.questions.some((x) => x.id === qid))!.id;
      await page.goto(`${url}/#/assessments/${assessmentId}/${domainOf(acceptedQuestion)}/${acceptedQuestion}`);
      const onQuestionPage = await page.locator(`#q-${acceptedQuestion}`).getByTestId('answer-assurance').innerText();
      const checked = await page.locator(`#q-${acceptedQuestion} input:checked`).getAttribute('value');

      // The rest through the API, on the revision read first.
      const draft = (await api.get(`/v1/assessments/${assessmentId}`, ownerKey)).body as { revision: number; answers: Record<string, Stored> };
      const answers: Record<string, unknown> = { ...draft.answers };
      const rest: Record<string, unknown> = {};
      for (let round = 0; round < 5; round++) {
        const visible = visibleQuestionIds(questions, answers as never);
        for (const question of questions)
          if (visible.has(question.id) && !answers[question.id]) answers[question.id] = rest[question.id] = answerFor(question, (n) => Math.floor(n / 2));
      }
      const saved = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: draft.revision, answers: rest }, ownerKey);
      check(saved.status === 200, `the rest is saved (${saved.status}: ${JSON.stringify(saved.body).slice(0, 300)})`);

      // Review shows the assurance before the submit, which goes through the page.
      await page.goto(`${url}/#/assessments/${assessmentId}/review`);
      await page.getByRole('heading', { name: 'Review your answers' }).waitFor();
      await page.getByTestId('review-summary').waitFor();
      const reviewShares = await page.getByTestId('assurance-share').allInnerTexts();
      const reviewText = await page.locator('main').innerText();
      await s.capture('review');
      await page.getByRole('button', { name: 'Submit assessment' }).click();
      await page.getByRole('button', { name: 'Confirm and submit' }).click();
      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      const summary = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Evidence behind the answers' }) });
      await summary.waitFor();
      const flags = await summary.getByTestId('evidence-flags').innerText();
      const total = await summary.getByTestId('assurance-total').innerText();
      const overriddenDomain = domainOf(override!.proposal.questionId);
      const domainTitle = q.domains.find((d) => d.id === overriddenDomain) as unknown as { title: string };
      const details = summary.locator('details').filter({ hasText: domainTitle.title });
      await details.locator('summary').click();
      const overriddenOnResults = await details.locator(`li[data-question="${override!.proposal.questionId}"]`).innerText();
      await s.capture('results');
      return {
        s,
        conflictAlert,
        heldDuringConflict,
        colleagueValue,
        corrected,
        latest,
        shown,
        accepted,
        override: override!,
        otherwise,
        acceptedLine,
        overriddenLine,
        acceptDisabled,
        onQuestionPage,
        checked,
        reviewShares,
        reviewText,
        flags,
        total,
        overriddenOnResults,
      };
    });

    expect(out.s.pageErrors).toEqual([]);
    expect(out.s.axeFindings).toEqual([]);
    expect(out.s.axePages).toEqual(expect.arrayContaining(['decision-form-open', 'results']));
    // The correction was saved and the report imported with it.
    const rules = await api.get('/v1/evidence/classification-rules', ownerKey);
    expect(rules.body.corrections).toEqual([{ identity: out.corrected, kind: 'agent' }]);
    // One decision per question proposed on, in the panel.
    expect([...out.shown].sort()).toEqual(out.latest.map((l) => l.proposal.questionId).sort());
    // The conflict overwrote nothing until the owner chose to keep the acceptance.
    expect(out.conflictAlert).toContain(questions.find((x) => x.id === out.accepted[1]!.proposal.questionId)!.prompt);
    expect(out.heldDuringConflict).toMatchObject({ value: out.colleagueValue, assurance: 'self-attested' });
    expect(out.acceptedLine).toContain('Evidence-backed');
    expect(out.acceptDisabled).toBe(true);
    expect(out.overriddenLine).toContain('Self-attested');
    expect(out.overriddenLine).toContain(REASON);
    expect(out.onQuestionPage).toContain('Evidence-backed');
    expect(out.onQuestionPage).toContain(out.accepted[0]!.proposal.evidence);
    expect(out.checked).toBe(out.accepted[0]!.proposal.value);

    // What the server holds: two evidence-backed answers naming their import, one self-attested with its reason, the flag.
    const submitted = (await api.get(`/v1/assessments/${assessmentId}`, ownerKey)).body as {
      status: string;
      answers: Record<string, Stored>;
      evidenceFlags: { questionId: string; proposed: string; answered: unknown }[];
    };
    expect(submitted.status).toBe('submitted');
    for (const { record, proposal } of out.accepted)
      expect(submitted.answers[proposal.questionId]).toMatchObject({
        value: proposal.value,
        assurance: 'evidence',
        evidenceSource: { importId: record.id, statement: proposal.evidence },
      });
    expect(submitted.answers[out.override.proposal.questionId]).toMatchObject({ value: out.otherwise, assurance: 'self-attested', assuranceReason: REASON });
    expect(submitted.evidenceFlags).toContainEqual(
      expect.objectContaining({ questionId: out.override.proposal.questionId, proposed: out.override.proposal.value, answered: out.otherwise }),
    );

    // Review and Results say so.
    const evidenceBacked = Object.values(submitted.answers).filter((a) => a.assurance === 'evidence').length;
    expect(evidenceBacked).toBe(2);
    expect(out.reviewShares).toHaveLength(q.domains.length);
    expect(out.reviewShares.some((t) => /^[12] of \d+ answers? evidence-backed\.$/.test(t))).toBe(true);
    expect(out.reviewText).toContain(out.accepted[0]!.proposal.evidence);
    expect(out.reviewText).toContain(`Reason: ${REASON}`);
    expect(out.total).toContain(`${evidenceBacked} of ${Object.keys(submitted.answers).length} answers evidence-backed`);
    const overriddenQuestion = questions.find((x) => x.id === out.override.proposal.questionId)!;
    const label = (id: string) => ('options' in overriddenQuestion ? overriddenQuestion.options.find((o) => o.id === id)!.label : id);
    expect(out.flags).toContain(
      `Contradicts imported evidence: “${overriddenQuestion.prompt}”: proposed “${label(out.override.proposal.value)}”, answered “${label(out.otherwise)}”.`,
    );
    expect(out.overriddenOnResults).toContain('Self-attested');
    expect(out.overriddenOnResults).toContain(REASON);

    // The PDF report says the same.
    const pdf = await api.get(`/v1/assessments/${assessmentId}/report.pdf`, ownerKey);
    expect(pdf.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'aim-assurance-')), 'report.pdf');
    writeFileSync(file, pdf.body as Uint8Array);
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('evidence-backed');
    expect(text).toContain(REASON);
    expect(text).toContain('Contradicts imported evidence');
  });
});
