import { describe, expect, it } from 'vitest';
import type { Answers } from '../questionnaire/answers';
import { scoreAssessment } from '../scoring/score';
import { visibleQuestionIds } from '../questionnaire/visibility';
import { buildReportModel } from './build';
import { domainRows } from './domains';
import { recommendControls } from './recommendations';
import { fixtureAnswers, fixtureInput, fixtureQuestionnaire } from '../../../test/fixtures/report-model';

function modelWith(answers: Answers) {
  return buildReportModel(
    fixtureInput({
      assessment: { id: 'asm-2', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(fixtureQuestionnaire, answers) },
    }),
  );
}

const ids = (answers: Answers) => modelWith(answers).recommendations.map((c) => c.id);

describe('recommended controls', () => {
  it('finds them in report order: weakest domain first, then by impact over effort', () => {
    // audit 0.5 < credentials 1.5 < access 3. Within credentials: vault (high/low),
    // rotate-secrets (high/medium), short-lived-tokens (high/high). The roadmap breaks its last ties by this order.
    const answers = fixtureAnswers;
    const scores = scoreAssessment(fixtureQuestionnaire, answers);
    const visible = visibleQuestionIds(fixtureQuestionnaire.questions, answers);
    const domains = domainRows(fixtureQuestionnaire, answers, scores, visible, undefined);
    expect(recommendControls(fixtureQuestionnaire, answers, visible, domains).map((c) => c.id)).toEqual([
      'central-logging',
      'named-owner',
      'vault',
      'rotate-secrets',
      'short-lived-tokens',
      'least-privilege',
    ]);
  });

  it("lists them in the model in the roadmap's order: the one ranking every reader sees", () => {
    expect(ids(fixtureAnswers)).toEqual(['vault', 'central-logging', 'rotate-secrets', 'least-privilege', 'named-owner', 'short-lived-tokens']);
  });

  it('lists a control once, with every question and domain that called for it', () => {
    const rotate = modelWith(fixtureAnswers).recommendations.filter((c) => c.id === 'rotate-secrets');
    expect(rotate).toHaveLength(1);
    expect(rotate[0]?.triggeredBy.map((t) => [t.questionId, t.level, t.belowLevel])).toEqual([
      ['cred-rotation', 2, 4],
      ['access-scope', 3, 4],
    ]);
    expect(rotate[0]?.domains.map((d) => d.id)).toEqual(['credentials', 'access']);
  });

  it('carries effort, impact and framework labels', () => {
    const lp = modelWith(fixtureAnswers).recommendations.find((c) => c.id === 'least-privilege');
    expect(lp).toMatchObject({ effort: 'medium', impact: 'high', title: 'Scope agent permissions to the task' });
    expect(lp?.frameworks).toEqual(['NIST SP 800-53 Rev.5 AC-6(9)', 'OWASP NHI Top 10 2025 NHI5']);
    const tokens = modelWith(fixtureAnswers).recommendations.find((c) => c.id === 'short-lived-tokens');
    expect(tokens?.frameworks).toEqual(['RFC 8693']);
  });

  it('ignores hidden questions, even when an answer is stored for them', () => {
    expect(ids(fixtureAnswers)).not.toContain('access-review');
    const visible = { ...fixtureAnswers, 'access-scope': { value: 'l4' }, 'access-review': { value: 'no' } };
    expect(ids(visible)).toContain('access-review');
  });

  it('does not recommend at or above belowLevel', () => {
    // quarterly is level 3: below 4 for rotate-secrets, not below 3 for short-lived-tokens.
    const list = ids({ ...fixtureAnswers, 'cred-rotation': { value: 'quarterly' }, 'access-scope': { value: 'l4' } });
    expect(list).toContain('rotate-secrets');
    expect(list).not.toContain('short-lived-tokens');
    expect(list).not.toContain('least-privilege');
  });

  it('counts an unanswered question as level 0, but never a not-applicable one', () => {
    expect(ids(fixtureAnswers)).toContain('named-owner');
    const na = { ...fixtureAnswers, 'audit-owner': { notApplicable: true, reason: 'Agents are owned by a team.' } };
    expect(ids(na)).not.toContain('named-owner');
    expect(ids({ ...fixtureAnswers, 'audit-owner': { value: 'yes' } })).not.toContain('named-owner');
  });

  it('recommends nothing when every answer is at the top', () => {
    const best: Answers = {
      'cred-rotation': { value: 'automated' },
      'cred-storage': { value: 'yes' },
      'access-scope': { value: 'l5' },
      'access-review': { value: 'yes' },
      'audit-retention': { value: 365 },
      'audit-owner': { value: 'yes' },
    };
    expect(ids(best)).toEqual([]);
  });
});
