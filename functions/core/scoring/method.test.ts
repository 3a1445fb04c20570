/**
 * Scoring methods 1 and 2 side by side: the worked examples of docs/scoring.md ("Method 2").
 * The properties of both methods are in score.test.ts.
 */
import { describe, expect, it } from 'vitest';
import v100 from '../../../questionnaires/agent-identity/1.0.0.json';
import v110 from '../../../questionnaires/agent-identity/1.1.0.json';
import type { Answer } from '../questionnaire/answers';
import { QuestionnaireSchema, type Questionnaire } from '../questionnaire/model';
import { scoreAssessment } from './score';

const v = (value: Answer['value']): Answer => ({ value });
const na: Answer = { notApplicable: true, reason: 'no agents write logs here' };
const published = QuestionnaireSchema.parse(v110);
const withMethod = (scoringMethod: 1 | 2): Questionnaire => ({ ...published, scoringMethod });

/** The case: auditing answered 4, 4, 4 and 1 (logs kept locally and editable). */
const auditing4441 = {
  'change-attribution': v('within-an-hour'),
  'audit-record-content': v('parameters-decision-correlation'),
  'agent-access-history': v('with-a-query'),
  'log-protection': v('local-editable'),
};

describe('published versions keep method 1', () => {
  it.each([
    ['1.0.0', v100],
    ['1.1.0', v110],
  ])('agent-identity %s declares no scoring method and scores with method 1', (_version, document) => {
    const questionnaire = QuestionnaireSchema.parse(document);
    expect(questionnaire.scoringMethod).toBeUndefined();
    expect(scoreAssessment(questionnaire, auditing4441).method).toBe(1);
    // exactly what the same answers score when method 1 is declared
    expect(scoreAssessment(questionnaire, auditing4441)).toEqual(scoreAssessment({ ...questionnaire, scoringMethod: 1 }, auditing4441));
  });

  it('accepts only methods 1 and 2', () => {
    expect(QuestionnaireSchema.safeParse({ ...v110, scoringMethod: 2 }).success).toBe(true);
    expect(QuestionnaireSchema.safeParse({ ...v110, scoringMethod: 3 }).success).toBe(false);
  });
});

describe('method 2: weakest link + 1, fractional score kept', () => {
  it('auditing 4, 4, 4, 1: method 1 says level 3 (3.25), method 2 level 2 with 3.25 kept, held by log-protection', () => {
    const one = scoreAssessment(withMethod(1), auditing4441).domains.auditing!;
    expect(one).toMatchObject({ score: 3.25, level: 3 });
    expect(one.heldBy).toBeUndefined();

    const two = scoreAssessment(withMethod(2), auditing4441).domains.auditing!;
    expect(two).toMatchObject({ score: 3.25, level: 2, heldBy: { rule: 'weakest-link', question: 'log-protection', unheldLevel: 3 } });
  });

  it('raising the weakest answer lifts the level: 4, 4, 4, 2 (central logs) reaches level 3', () => {
    const scores = scoreAssessment(withMethod(2), { ...auditing4441, 'log-protection': v('central') });
    expect(scores.domains.auditing).toMatchObject({ score: 3.5, level: 3 });
    expect(scores.domains.auditing!.heldBy).toBeUndefined();
  });

  it('does not count a not-applicable answer as the weakest', () => {
    const q = QuestionnaireSchema.parse({
      ...v110,
      scoringMethod: 2,
      questions: v110.questions.map((question) => (question.id === 'log-protection' ? { ...question, allowNotApplicable: true } : question)),
    });
    const scores = scoreAssessment(q, { ...auditing4441, 'log-protection': na });
    expect(scores.domains.auditing).toMatchObject({ score: 4, level: 4, counted: 3 });
  });

  it('holds a draft with an unanswered question at level 1 (it counts as 0, as in the mean)', () => {
    const { 'log-protection': _unanswered, ...rest } = auditing4441;
    const scores = scoreAssessment(withMethod(2), rest);
    // (4 + 4 + 4 + 0) / 4 = 3
    expect(scores.domains.auditing).toMatchObject({ score: 3, level: 1, heldBy: { rule: 'weakest-link', question: 'log-protection', unheldLevel: 3 } });
  });

  it('holds the overall level at the weakest domain + 1, and names the domain', () => {
    const answers = Object.fromEntries(
      published.questions.flatMap((question) => {
        if (question.type === 'text' || !('options' in question)) return [];
        if (question.domain === 'auditing') return [];
        const top = [...question.options].sort((a, b) => b.level - a.level)[0]!;
        return [[question.id, v(question.type === 'multi' ? [top.id] : top.id)]];
      }),
    );
    // every other domain at level 5, auditing all at level 1
    const allLow = {
      'change-attribution': v('no'),
      'audit-record-content': v('nothing-agent-specific'),
      'agent-access-history': v('no'),
      'log-protection': v('local-editable'),
    };
    const one = scoreAssessment(withMethod(1), { ...answers, ...allLow });
    const two = scoreAssessment(withMethod(2), { ...answers, ...allLow });
    expect(two.domains.auditing!.level).toBe(1);
    expect(one.overall.score).toBe(two.overall.score);
    expect(one.overall.level).toBeGreaterThan(2);
    expect(two.overall).toMatchObject({
      score: one.overall.score,
      level: 2,
      heldBy: { rule: 'weakest-link', domain: 'auditing', unheldLevel: one.overall.level },
    });
  });
});

describe('caps in both methods', () => {
  const capped = QuestionnaireSchema.parse({
    id: 'caps',
    version: '1.0.0',
    status: 'draft',
    title: 'Caps',
    description: 'caps on a domain and on the overall level',
    domains: [
      { id: 'alpha', title: 'Alpha', description: 'Alpha', levelDescriptions: ['1', '2', '3', '4', '5'] },
      { id: 'beta', title: 'Beta', description: 'Beta', levelDescriptions: ['1', '2', '3', '4', '5'] },
    ],
    questions: [
      {
        id: 'a1',
        domain: 'alpha',
        type: 'single',
        prompt: 'A1?',
        options: [1, 2, 3, 4, 5].map((level) => ({ id: `o${level}`, label: `L${level}`, level })),
        caps: [{ options: ['o3'], maxLevel: 2, reason: 'o3 holds alpha at 2' }],
      },
      { id: 'a2', domain: 'alpha', type: 'single', prompt: 'A2?', options: [1, 2, 3, 4, 5].map((level) => ({ id: `o${level}`, label: `L${level}`, level })) },
      {
        id: 'b1',
        domain: 'beta',
        type: 'yesno',
        prompt: 'B1?',
        options: [
          { id: 'no', label: 'No', level: 4 },
          { id: 'yes', label: 'Yes', level: 5 },
        ],
        caps: [{ options: ['no'], maxLevel: 3, reason: 'no programme owner holds the overall level at 3', scope: 'overall' }],
      },
    ],
  });

  it.each([1, 2] as const)('method %d: a cap binding as low as the weakest link is the one named', (scoringMethod) => {
    // alpha: 3 and 5 → 4, level 4; o3 caps alpha at 2 (method 2's weakest link would allow 3 + 1 = 4)
    const scores = scoreAssessment({ ...capped, scoringMethod }, { a1: v('o3'), a2: v('o5'), b1: v('yes') });
    expect(scores.domains.alpha).toMatchObject({ score: 2, level: 2, heldBy: { rule: 'cap', question: 'a1', unheldLevel: 4 } });
  });

  it.each([1, 2] as const)('method %d: an overall cap holds the overall score and level, not its own domain', (scoringMethod) => {
    const scores = scoreAssessment({ ...capped, scoringMethod }, { a1: v('o5'), a2: v('o5'), b1: v('no') });
    // beta itself stays at 4; the overall mean (5 + 4) / 2 = 4.5 is held at 3
    expect(scores.domains.beta).toMatchObject({ score: 4, level: 4, caps: [] });
    expect(scores.overall).toEqual({ score: 3, level: 3, heldBy: { rule: 'cap', question: 'b1', domain: 'beta', unheldLevel: 4 } });
  });
});
