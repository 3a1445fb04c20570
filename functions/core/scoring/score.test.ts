import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import agentIdentityDocument from '../../../questionnaires/agent-identity/1.0.0.json';
import type { Answer, Answers } from '../questionnaire/answers';
import { QuestionnaireSchema, type Question, type Questionnaire } from '../questionnaire/model';
import { scoreAssessment } from './score';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];
const fiveOptions = (prefix = 'o') => [1, 2, 3, 4, 5].map((level) => ({ id: `${prefix}${level}`, label: `Level ${level}`, level }));

/**
 * alpha (weight 2): a1 single w2, a2 scale w1 (may be n/a), a3 yesno controller (may be n/a),
 *                   a4 single shown only when a3 = yes, capped at 1 by o1
 * beta (weight 1):  b1 multi with a cap (x → at most 2), b2 number with unsorted bands
 * gamma (weight 1): only a text question, so it never counts toward the overall score
 */
const worked = QuestionnaireSchema.parse({
  id: 'worked',
  version: '1.0.0',
  status: 'published',
  title: 'Worked example',
  description: 'A questionnaire small enough to score by hand.',
  domains: [
    { id: 'alpha', title: 'Alpha', description: 'Alpha domain', weight: 2, levelDescriptions },
    { id: 'beta', title: 'Beta', description: 'Beta domain', levelDescriptions },
    { id: 'gamma', title: 'Gamma', description: 'Gamma domain', levelDescriptions },
  ],
  questions: [
    { id: 'a1', domain: 'alpha', type: 'single', prompt: 'A1?', weight: 2, options: fiveOptions() },
    { id: 'a2', domain: 'alpha', type: 'scale', prompt: 'A2?', allowNotApplicable: true, options: fiveOptions() },
    {
      id: 'a3',
      domain: 'alpha',
      type: 'yesno',
      prompt: 'A3?',
      allowNotApplicable: true,
      options: [
        { id: 'no', label: 'No', level: 1 },
        { id: 'yes', label: 'Yes', level: 5 },
      ],
    },
    {
      id: 'a4',
      domain: 'alpha',
      type: 'single',
      prompt: 'A4?',
      showIf: { question: 'a3', anyOf: ['yes'] },
      caps: [{ options: ['o1'], maxLevel: 1, reason: 'a4 o1 holds alpha at 1' }],
      options: fiveOptions(),
    },
    {
      id: 'b1',
      domain: 'beta',
      type: 'multi',
      prompt: 'B1?',
      caps: [{ options: ['x'], maxLevel: 2, reason: 'x holds beta at 2' }],
      options: [
        { id: 'x', label: 'X', level: 1 },
        { id: 'y', label: 'Y', level: 3 },
        { id: 'z', label: 'Z', level: 4 },
        { id: 'w', label: 'W', level: 2 },
      ],
    },
    {
      id: 'b2',
      domain: 'beta',
      type: 'number',
      prompt: 'B2?',
      min: 0,
      max: 100,
      bands: [
        { min: 50, level: 5 },
        { min: 0, level: 1 },
        { min: 10, level: 3 },
      ],
    },
    { id: 'g1', domain: 'gamma', type: 'text', prompt: 'G1?' },
  ],
});

const v = (value: Answer['value']): Answer => ({ value });
const na: Answer = { notApplicable: true, reason: 'does not apply here' };

describe('scoreAssessment: worked examples', () => {
  it('weights questions, counts a visible unanswered question as 0, and weights domains for the overall score', () => {
    const scores = scoreAssessment(worked, {
      a1: v('o4'),
      a2: v('o2'),
      a3: v('yes'),
      // a4 is visible (a3 = yes) but unanswered: it counts with level 0
      b1: v(['y', 'w']),
      b2: v(9.99),
      g1: v('free text'),
    });
    // alpha: (2·4 + 1·2 + 1·5 + 1·0) / 5 = 3
    expect(scores.domains.alpha).toEqual({ score: 3, level: 3, caps: [], counted: 4, answered: 3 });
    // beta: multi takes the highest selected level (3), 9.99 is below the 10 band (1): (3 + 1) / 2 = 2
    expect(scores.domains.beta).toEqual({ score: 2, level: 2, caps: [], counted: 2, answered: 2 });
    // gamma has no scored question
    expect(scores.domains.gamma).toMatchObject({ counted: 0, answered: 0 });
    // overall: (2·3 + 1·2) / 3 = 2.666… → 2.67; gamma is left out (with it: 8/4 = 2)
    expect(scores.overall).toEqual({ score: 2.67, level: 2 });
  });

  it('does not count a hidden follow-up, even when it has an answer (nor its cap)', () => {
    const scores = scoreAssessment(worked, { a1: v('o4'), a2: v('o2'), a3: v('no'), a4: v('o1') });
    // a4 hidden: (2·4 + 2 + 1) / 4 = 2.75
    expect(scores.domains.alpha).toEqual({ score: 2.75, level: 2, caps: [], counted: 3, answered: 3 });
  });

  it('excludes a not-applicable question from the weights, and hides the follow-ups of a not-applicable controller', () => {
    const controllerNa = scoreAssessment(worked, { a1: v('o4'), a2: v('o2'), a3: na, a4: v('o5') });
    // a3 n/a, a4 hidden: (2·4 + 2) / 3 = 3.333… → 3.33
    expect(controllerNa.domains.alpha).toEqual({ score: 3.33, level: 3, caps: [], counted: 2, answered: 2 });

    const otherNa = scoreAssessment(worked, { a1: v('o4'), a2: na, a3: v('no') });
    // (2·4 + 1·1) / 3 = 3 (with a2 counted as 0 it would be 9/4 = 2.25)
    expect(otherNa.domains.alpha).toEqual({ score: 3, level: 3, caps: [], counted: 2, answered: 2 });
  });

  it('rounds to two decimals and clamps the level to 1 when the score is below 1', () => {
    const scores = scoreAssessment(worked, { a2: v('o2'), a3: na });
    // a1 unanswered (weight 2): (0 + 2) / 3 = 0.666… → 0.67
    expect(scores.domains.alpha).toEqual({ score: 0.67, level: 1, caps: [], counted: 2, answered: 1 });
  });

  it('scores an empty assessment 0 at level 1', () => {
    const scores = scoreAssessment(worked, {});
    expect(scores.domains.alpha).toEqual({ score: 0, level: 1, caps: [], counted: 3, answered: 0 });
    expect(scores.domains.beta).toEqual({ score: 0, level: 1, caps: [], counted: 2, answered: 0 });
    expect(scores.overall).toEqual({ score: 0, level: 1 });
  });

  it('reaches level 5 when every answer is at level 5', () => {
    const scores = scoreAssessment(worked, { a1: v('o5'), a2: v('o5'), a3: v('yes'), a4: v('o5'), b1: v(['z', 'y']), b2: v(50) });
    expect(scores.domains.alpha).toMatchObject({ score: 5, level: 5 });
    // beta: max(4, 3) = 4 and 50 → 5: 4.5, level 4 (floor)
    expect(scores.domains.beta).toMatchObject({ score: 4.5, level: 4 });
    // (2·5 + 4.5) / 3 = 4.833… → 4.83, level 4
    expect(scores.overall).toEqual({ score: 4.83, level: 4 });
  });

  it('holds a capped domain at maxLevel, in score and in level, and names the cap', () => {
    const scores = scoreAssessment(worked, { b1: v(['x', 'z']), b2: v(50) });
    // uncapped: (4 + 5) / 2 = 4.5; x caps beta at 2
    expect(scores.domains.beta).toEqual({
      score: 2,
      level: 2,
      caps: [{ question: 'b1', maxLevel: 2, reason: 'x holds beta at 2' }],
      // the score alone would give level 4: the cap held it at 2
      heldBy: { rule: 'cap', question: 'b1', unheldLevel: 4 },
      counted: 2,
      answered: 2,
    });
  });

  it('leaves a score under its cap alone, but still reports the cap', () => {
    const scores = scoreAssessment(worked, { b1: v(['x']), b2: v(0) });
    expect(scores.domains.beta).toMatchObject({ score: 1, level: 1, caps: [{ question: 'b1', maxLevel: 2 }] });
  });

  it('applies the cap of a visible follow-up', () => {
    const scores = scoreAssessment(worked, { a1: v('o5'), a2: v('o5'), a3: v('yes'), a4: v('o1') });
    // uncapped (10 + 5 + 5 + 1) / 5 = 4.2; a4 = o1 caps alpha at 1
    expect(scores.domains.alpha).toMatchObject({ score: 1, level: 1, caps: [{ question: 'a4', maxLevel: 1, reason: 'a4 o1 holds alpha at 1' }] });
  });

  it.each([
    [0, 1],
    [9.99, 1],
    [10, 3],
    [49.5, 3],
    [50, 5],
    [100, 5],
  ])('maps the number %d through the bands (sorted by min) to level %d', (value, level) => {
    // b1 = w (level 2) alongside: beta = (2 + level) / 2
    const scores = scoreAssessment(worked, { b1: v(['w']), b2: v(value) });
    expect(scores.domains.beta!.score).toBe((2 + level) / 2);
  });

  it('floors the level: 3.99 is level 3', () => {
    const q = QuestionnaireSchema.parse({
      ...worked,
      domains: [worked.domains[0]],
      questions: [
        { id: 'p', domain: 'alpha', type: 'single', prompt: 'P?', weight: 1, options: fiveOptions() },
        { id: 'r', domain: 'alpha', type: 'single', prompt: 'R?', weight: 99 / 100, options: fiveOptions() },
      ],
    });
    // (1·3 + 0.99·5) / 1.99 = 7.95 / 1.99 = 3.9949… → 3.99, level 3
    expect(scoreAssessment(q, { p: v('o3'), r: v('o5') }).domains.alpha).toMatchObject({ score: 3.99, level: 3 });
  });

  it('rounds a mean that lies exactly halfway up (2.175 → 2.18)', () => {
    const q = QuestionnaireSchema.parse({
      ...worked,
      domains: [worked.domains[0]],
      questions: [10, 10, 10, 9, 1].map((weight, i) => ({ id: `h${i}`, domain: 'alpha', type: 'single', prompt: `H${i}?`, weight, options: fiveOptions() })),
    });
    // (10·2 + 10·2 + 10·2 + 9·3 + 1·0) / 40 = 87 / 40 = 2.175 exactly
    const scores = scoreAssessment(q, { h0: v('o2'), h1: v('o2'), h2: v('o2'), h3: v('o3') });
    expect(scores.domains.alpha!.score).toBe(2.18);
  });
});

// ---------------------------------------------------------------------------------------
// Properties, against the real questionnaire and generated small ones.

const agentIdentity = QuestionnaireSchema.parse(agentIdentityDocument);

/** An independent reading of the scoring rules, used only as an oracle. */
function chosenOptions(answer: Answer | undefined): string[] {
  if (!answer || answer.notApplicable) return [];
  if (typeof answer.value === 'string') return [answer.value];
  if (Array.isArray(answer.value)) return answer.value;
  return [];
}

function oracleVisible(questionnaire: Questionnaire, question: Question, answers: Answers): boolean {
  if (!question.showIf) return true;
  const parent = questionnaire.questions.find((q) => q.id === question.showIf!.question);
  if (!parent || !oracleVisible(questionnaire, parent, answers)) return false;
  return chosenOptions(answers[parent.id]).some((id) => question.showIf!.anyOf.includes(id));
}

/** Level of an answer, 0 when it has none. */
function oracleLevel(question: Question, answer: Answer | undefined): number {
  if (!answer || answer.notApplicable) return 0;
  if (question.type === 'number') {
    if (typeof answer.value !== 'number') return 0;
    let best: { min: number; level: number } | undefined;
    for (const band of question.bands) if (answer.value >= band.min && (!best || band.min > best.min)) best = band;
    return best ? best.level : 1;
  }
  if (question.type === 'text') return 0;
  const chosen = chosenOptions(answer);
  return question.options.reduce((max, o) => (chosen.includes(o.id) && o.level > max ? o.level : max), 0);
}

/** The domain's weighted mean (undefined when nothing counts) and the lowest cap chosen in it (5 when none). */
function oracleDomain(questionnaire: Questionnaire, domainId: string, answers: Answers) {
  let weighted = 0;
  let weights = 0;
  let cap = 5;
  for (const q of questionnaire.questions) {
    if (q.domain !== domainId || !oracleVisible(questionnaire, q, answers)) continue;
    const answer = answers[q.id];
    const chosen = chosenOptions(answer);
    for (const c of q.caps) if (c.options.some((o) => chosen.includes(o))) cap = Math.min(cap, c.maxLevel);
    if (q.type === 'text' || q.weight === 0 || answer?.notApplicable) continue;
    weighted += q.weight * oracleLevel(q, answer);
    weights += q.weight;
  }
  return { mean: weights > 0 ? weighted / weights : undefined, cap };
}

/** Questions that some `showIf` depends on. */
const controllersOf = (questionnaire: Questionnaire) => new Set(questionnaire.questions.flatMap((q) => (q.showIf ? [q.showIf.question] : [])));

function answerArbitrary(question: Question): fc.Arbitrary<Answer | undefined> {
  let value: fc.Arbitrary<Answer>;
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno':
      value = fc.constantFrom(...question.options.map((o) => o.id)).map((id) => ({ value: id }));
      break;
    case 'multi':
      value = fc
        .subarray(
          question.options.map((o) => o.id),
          { minLength: 1 },
        )
        .map((ids) => ({ value: ids }));
      break;
    case 'number':
      value = fc.integer({ min: Math.ceil(question.min), max: Math.floor(Math.min(question.max, 1000)) }).map((n) => ({ value: n }));
      break;
    case 'text':
      value = fc.constant({ value: 'some words' });
      break;
  }
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: fc.constant(na), weight: 1 }, { arbitrary: value, weight: 5 });
}

function answersArbitrary(questionnaire: Questionnaire): fc.Arbitrary<Answers> {
  return fc
    .tuple(...questionnaire.questions.map(answerArbitrary))
    .map((list) => Object.fromEntries(list.flatMap((answer, i) => (answer ? [[questionnaire.questions[i]!.id, answer]] : []))) as Answers);
}

/**
 * Small questionnaires: 1–3 domains, 1–7 questions of every type, random weights (0
 * included), follow-ups on earlier choice questions, and caps. A cap covers exactly the
 * options at or below a threshold level, as in the real questionnaire (caps sit on its
 * lowest options): a cap on a high option above uncapped lower ones would make a
 * "better" answer lower the score by design.
 */
const generatedQuestionnaire: fc.Arbitrary<Questionnaire> = fc
  .record({
    domainWeights: fc.array(fc.constantFrom(0.5, 1, 1.5, 2, 3), { minLength: 1, maxLength: 3 }),
    questions: fc.array(
      fc.record({
        type: fc.constantFrom('single', 'scale', 'yesno', 'multi', 'number', 'text'),
        domainPick: fc.nat(),
        weight: fc.constantFrom(0, 0.5, 1, 2, 3),
        allowNotApplicable: fc.boolean(),
        levels: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
        cap: fc.option(fc.record({ threshold: fc.integer({ min: 1, max: 4 }), maxLevel: fc.integer({ min: 1, max: 5 }) })),
        showIf: fc.option(fc.record({ parentPick: fc.nat(), anyOf: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) })),
        bandMins: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ domainWeights, questions }) => {
    const domains = domainWeights.map((weight, i) => ({ id: `d${i}`, title: `D${i}`, description: 'generated', weight, levelDescriptions }));
    const built: Record<string, unknown>[] = [];
    questions.forEach((spec, i) => {
      const base: Record<string, unknown> = {
        id: `q${i}`,
        domain: `d${spec.domainPick % domains.length}`,
        prompt: `Q${i}?`,
        type: spec.type,
        weight: spec.weight,
        allowNotApplicable: spec.allowNotApplicable,
      };
      const parents = built.filter((q) => Array.isArray(q.options));
      if (spec.showIf && parents.length) {
        const parent = parents[spec.showIf.parentPick % parents.length]!;
        const ids = (parent.options as { id: string }[]).map((o) => o.id);
        base.showIf = { question: parent.id, anyOf: [...new Set(spec.showIf.anyOf.map((n) => ids[n % ids.length]!))] };
      }
      if (spec.type === 'number') {
        const levels = [...spec.levels, ...spec.levels].slice(0, spec.bandMins.length + 1).sort((a, b) => a - b);
        const mins = [0, ...[...spec.bandMins].sort((a, b) => a - b)];
        Object.assign(base, { min: 0, max: 100, bands: mins.map((min, j) => ({ min, level: levels[j]! })) });
      } else if (spec.type !== 'text') {
        const levels = spec.type === 'yesno' ? spec.levels.slice(0, 2) : spec.levels;
        const options = levels.map((level, j) => ({ id: `o${j}`, label: `O${j}`, level }));
        base.options = options;
        const capped = spec.cap ? options.filter((o) => o.level <= spec.cap!.threshold).map((o) => o.id) : [];
        if (spec.cap && capped.length) base.caps = [{ options: capped, maxLevel: spec.cap.maxLevel, reason: 'generated cap' }];
      }
      built.push(base);
    });
    return QuestionnaireSchema.parse({
      id: 'generated',
      version: '1.0.0',
      status: 'published',
      title: 'Generated',
      description: 'generated for property tests',
      domains,
      questions: built,
    });
  });

const withAnswers = (questionnaires: fc.Arbitrary<Questionnaire>) =>
  questionnaires.chain((questionnaire) => answersArbitrary(questionnaire).map((answers) => ({ questionnaire, answers })));

/** The same questionnaire declaring scoring method 2 (docs/scoring.md, "Method 2"). */
const method2 = (questionnaire: Questionnaire): Questionnaire => ({ ...questionnaire, scoringMethod: 2 });

const subjects: [string, fc.Arbitrary<{ questionnaire: Questionnaire; answers: Answers }>][] = [
  ['agent-identity 1.0.0', withAnswers(fc.constant(agentIdentity))],
  ['generated questionnaires', withAnswers(generatedQuestionnaire)],
  ['agent-identity 1.0.0, method 2', withAnswers(fc.constant(method2(agentIdentity)))],
  ['generated questionnaires, method 2', withAnswers(generatedQuestionnaire.map(method2))],
];

/** The lowest level among a domain's counted answers (unanswered as 0), undefined when none counts. */
function oracleWeakest(questionnaire: Questionnaire, domainId: string, answers: Answers): number | undefined {
  let weakest: number | undefined;
  for (const q of questionnaire.questions) {
    if (q.domain !== domainId || !oracleVisible(questionnaire, q, answers)) continue;
    if (q.type === 'text' || q.weight === 0 || answers[q.id]?.notApplicable) continue;
    weakest = Math.min(weakest ?? 5, oracleLevel(q, answers[q.id]));
  }
  return weakest;
}

const RUNS = { numRuns: 300 };

describe.each(subjects)('scoring properties: %s', (_name, subject) => {
  it('(a) raising one answer to an option of a higher level never lowers its domain score nor the overall score', () => {
    fc.assert(
      fc.property(subject, fc.nat(), fc.nat(), fc.boolean(), ({ questionnaire, answers }, pickQuestion, pickHigher, keepSelection) => {
        // Only questions that no showIf depends on: changing a controller's answer can
        // reveal a follow-up, which then counts (unanswered, as 0) and may lower the mean.
        // Only answered questions: an unanswered question is not an answer to raise.
        const controllers = controllersOf(questionnaire);
        const candidates = questionnaire.questions.filter(
          (q) => q.type !== 'text' && !controllers.has(q.id) && answers[q.id] !== undefined && !answers[q.id]!.notApplicable,
        );
        fc.pre(candidates.length > 0);
        const question = candidates[pickQuestion % candidates.length]!;
        const current = answers[question.id]!;
        const currentLevel = oracleLevel(question, current);
        let raised: Answer;
        if (question.type === 'number') {
          const higher = question.bands.filter((b) => b.level > currentLevel && b.min <= question.max);
          fc.pre(higher.length > 0);
          raised = { value: Math.max(higher[pickHigher % higher.length]!.min, current.value as number) };
        } else if (question.type !== 'text') {
          const higher = question.options.filter((o) => o.level > currentLevel);
          fc.pre(higher.length > 0);
          const id = higher[pickHigher % higher.length]!.id;
          raised = { value: question.type === 'multi' ? (keepSelection ? [...(current.value as string[]), id] : [id]) : id };
        } else return;
        expect(oracleLevel(question, raised)).toBeGreaterThan(currentLevel);

        const before = scoreAssessment(questionnaire, answers);
        const after = scoreAssessment(questionnaire, { ...answers, [question.id]: raised });
        expect(after.domains[question.domain]!.score).toBeGreaterThanOrEqual(before.domains[question.domain]!.score);
        expect(after.overall.score).toBeGreaterThanOrEqual(before.overall.score);
        // and never lowers a level either, in both methods
        expect(after.domains[question.domain]!.level).toBeGreaterThanOrEqual(before.domains[question.domain]!.level);
        expect(after.overall.level).toBeGreaterThanOrEqual(before.overall.level);
      }),
      RUNS,
    );
  });

  it('(b) marking a question not applicable leaves the others weighted as before', () => {
    fc.assert(
      fc.property(subject, fc.nat(), ({ questionnaire, answers }, pick) => {
        // A controller marked n/a hides its follow-ups, which changes more than one weight.
        const controllers = controllersOf(questionnaire);
        const candidates = questionnaire.questions.filter((q) => !controllers.has(q.id));
        fc.pre(candidates.length > 0);
        const question = candidates[pick % candidates.length]!;
        const marked = { ...answers, [question.id]: na };
        const score = scoreAssessment(questionnaire, marked).domains[question.domain]!.score;

        // equals the (capped) weighted mean of the remaining questions, up to rounding
        const { mean, cap } = oracleDomain(questionnaire, question.domain, marked);
        const expected = Math.min(mean ?? 0, cap);
        expect(Math.abs(score - expected)).toBeLessThanOrEqual(0.005 + 1e-9);

        // and equals the score of the same questionnaire without that question
        fc.pre(questionnaire.questions.length > 1);
        const without = QuestionnaireSchema.parse({ ...questionnaire, questions: questionnaire.questions.filter((q) => q !== question) });
        const { [question.id]: _dropped, ...rest } = answers;
        expect(scoreAssessment(without, rest).domains[question.domain]!.score).toBe(score);
      }),
      RUNS,
    );
  });

  it('(c) a chosen cap option holds the domain score and level at its maxLevel', () => {
    fc.assert(
      fc.property(subject, ({ questionnaire, answers }) => {
        const scores = scoreAssessment(questionnaire, answers);
        for (const q of questionnaire.questions) {
          if (!oracleVisible(questionnaire, q, answers)) continue;
          const chosen = chosenOptions(answers[q.id]);
          for (const cap of q.caps) {
            if (!cap.options.some((o) => chosen.includes(o))) continue;
            expect(scores.domains[q.domain]!.score).toBeLessThanOrEqual(cap.maxLevel);
            expect(scores.domains[q.domain]!.level).toBeLessThanOrEqual(cap.maxLevel);
            expect(scores.domains[q.domain]!.caps).toContainEqual({ question: q.id, maxLevel: cap.maxLevel, reason: cap.reason });
          }
        }
      }),
      RUNS,
    );
  });

  it('(d) every score lies in [0, 5] with two decimals and every level is a whole number 1..5', () => {
    fc.assert(
      fc.property(subject, ({ questionnaire, answers }) => {
        const scores = scoreAssessment(questionnaire, answers);
        expect(Object.keys(scores.domains).sort()).toEqual(questionnaire.domains.map((d) => d.id).sort());
        for (const s of [scores.overall, ...Object.values(scores.domains)]) {
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(5);
          expect(Math.abs(s.score * 100 - Math.round(s.score * 100))).toBeLessThan(1e-6);
          expect(Number.isInteger(s.level)).toBe(true);
          expect(s.level).toBeGreaterThanOrEqual(1);
          expect(s.level).toBeLessThanOrEqual(5);
        }
      }),
      RUNS,
    );
  });

  it('(e) a domain level is its floored score held by its caps and, in method 2 only, by its weakest counted answer + 1; the overall level likewise by the weakest domain + 1', () => {
    fc.assert(
      fc.property(subject, ({ questionnaire, answers }) => {
        const scores = scoreAssessment(questionnaire, answers);
        const method = questionnaire.scoringMethod ?? 1;
        expect(scores.method).toBe(method);
        const domainLevels: number[] = [];
        for (const domain of questionnaire.domains) {
          const { mean, cap } = oracleDomain(questionnaire, domain.id, answers);
          const weakest = oracleWeakest(questionnaire, domain.id, answers);
          const floored = Math.min(5, Math.max(1, Math.floor(Math.round((mean ?? 0) * 100) / 100 + 1e-9)));
          const bound = method === 2 && weakest !== undefined ? weakest + 1 : 5;
          const ds = scores.domains[domain.id]!;
          expect(ds.level).toBe(Math.max(1, Math.min(floored, cap, bound)));
          // the fractional score is not held by the weakest link, only by caps
          expect(Math.abs(ds.score - Math.min(mean ?? 0, cap))).toBeLessThanOrEqual(0.005 + 1e-9);
          // whatever held the level down is named, and only then
          expect(ds.heldBy !== undefined).toBe(ds.level < floored);
          if (ds.heldBy?.rule === 'weakest-link') {
            expect(method).toBe(2);
            expect(oracleLevel(questionnaire.questions.find((q) => q.id === ds.heldBy!.question)!, answers[ds.heldBy.question!])).toBe(weakest);
          }
          if (ds.counted > 0) domainLevels.push(ds.level);
        }
        if (method === 2 && domainLevels.length) expect(scores.overall.level).toBeLessThanOrEqual(Math.min(...domainLevels) + 1);
        if (method === 1) expect(scores.overall.level).toBe(Math.min(5, Math.max(1, Math.floor(scores.overall.score + 1e-9))));
      }),
      RUNS,
    );
  });
});
