import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../questionnaire/answers';
import { visibleQuestionIds } from '../questionnaire/visibility';
import { scoreAssessment } from '../scoring/score';
import { overallWithRaisedAnswers } from './projection';
import { fixtureAnswers, fixtureQuestionnaire as q } from '../../../test/fixtures/report-model';

const visible = (answers: Answers) => visibleQuestionIds(q.questions, answers);

/** Any answer set for the fixture questionnaire: each question answered, skipped or not applicable. */
const answerSets = fc
  .record(
    Object.fromEntries(
      q.questions.map((question) => {
        const values =
          question.type === 'number'
            ? fc.integer({ min: 0, max: 400 }).map((value) => ({ value }))
            : question.type === 'text'
              ? fc.constant({ value: 'note' })
              : fc.constantFrom(...question.options.map((o) => ({ value: o.id })));
        return [question.id, fc.oneof(values, fc.constant(undefined), fc.constant({ notApplicable: true, reason: 'n/a' }))];
      }),
    ),
  )
  .map((raw) => Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Answers);

describe('overallWithRaisedAnswers', () => {
  it('with nothing raised, equals the scored overall for any answers', () => {
    fc.assert(
      fc.property(answerSets, (answers) => {
        expect(overallWithRaisedAnswers(q, answers, visible(answers), new Map())).toBe(scoreAssessment(q, answers).overall.score);
      }),
    );
  });

  it('never lowers the score when answers are raised', () => {
    fc.assert(
      fc.property(answerSets, fc.subarray(q.questions.map((x) => x.id)), fc.integer({ min: 1, max: 5 }), (answers, ids, level) => {
        const base = overallWithRaisedAnswers(q, answers, visible(answers), new Map());
        const raised = overallWithRaisedAnswers(q, answers, visible(answers), new Map(ids.map((id) => [id, level])));
        expect(raised).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it('lifts the cap of a raised answer and keeps the others', () => {
    // credentials: yearly (2) and secrets in code (1, capped at 2); access 3; audit 0.5.
    const v = visible(fixtureAnswers);
    // cred-storage to 4 lifts its cap: credentials (2+4)/2 = 3, overall (3+3+0.5)/3.
    expect(overallWithRaisedAnswers(q, fixtureAnswers, v, new Map([['cred-storage', 4]]))).toBe(2.17);
    // cred-rotation to 5 alone: mean 3, but the cap from cred-storage still holds it at 2.
    expect(overallWithRaisedAnswers(q, fixtureAnswers, v, new Map([['cred-rotation', 5]]))).toBe(1.83);
  });
});
