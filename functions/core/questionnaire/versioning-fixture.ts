/** Small questionnaire versions for the versioning tests (equivalences, carry, diff, authoring checks). */
import { QuestionnaireSchema, type Questionnaire, type QuestionnaireInput } from './model';

const levels = ['Ad hoc here', 'Emerging here', 'Defined here', 'Managed here', 'Adaptive here'];
const fiveOptions = (prefix: string) => [1, 2, 3, 4, 5].map((level) => ({ id: `${prefix}${level}`, label: `${prefix} level ${level}`, level }));

/** Version 1.0.0 of "demo": two domains, a gate with a follow-up, a multi, a number and a text question. */
export function demoV1(): QuestionnaireInput {
  return {
    $schema: '../questionnaire.schema.json',
    id: 'demo',
    version: '1.0.0',
    status: 'published',
    title: 'Demo',
    description: 'A questionnaire for tests.',
    domains: [
      { id: 'alpha', title: 'Alpha', description: 'The first domain.', levelDescriptions: [...levels] },
      { id: 'beta', title: 'Beta', description: 'The second domain.', levelDescriptions: [...levels] },
    ],
    questions: [
      {
        id: 'a-choice',
        domain: 'alpha',
        type: 'single',
        prompt: 'How about A?',
        help: 'Help for A.',
        options: fiveOptions('a'),
        recommendations: [{ control: 'ctl-one', belowLevel: 3 }],
      },
      {
        id: 'a-split',
        domain: 'alpha',
        type: 'single',
        prompt: 'Both things?',
        help: 'Help for the split.',
        options: [
          { id: 'none', label: 'Neither', level: 1 },
          { id: 'first-only', label: 'Only the first', level: 2 },
          { id: 'both', label: 'Both', level: 5 },
        ],
      },
      {
        id: 'a-gate',
        domain: 'alpha',
        type: 'yesno',
        prompt: 'Does it apply?',
        help: 'A gate.',
        weight: 0,
        options: [
          { id: 'no', label: 'No', level: 1 },
          { id: 'yes', label: 'Yes', level: 1 },
        ],
      },
      {
        id: 'a-follow-up',
        domain: 'alpha',
        type: 'single',
        prompt: 'Then how?',
        help: 'Shown for yes.',
        showIf: { question: 'a-gate', anyOf: ['yes'] },
        options: fiveOptions('f'),
      },
      {
        id: 'b-multi',
        domain: 'beta',
        type: 'multi',
        prompt: 'Which ones?',
        help: 'Pick any.',
        options: fiveOptions('m'),
        recommendations: [{ control: 'ctl-two', belowLevel: 5 }],
      },
      {
        id: 'b-number',
        domain: 'beta',
        type: 'number',
        prompt: 'How many?',
        help: 'A count.',
        min: 0,
        max: 100,
        bands: [
          { min: 0, level: 1 },
          { min: 10, level: 3 },
          { min: 50, level: 5 },
        ],
      },
      { id: 'b-text', domain: 'beta', type: 'text', prompt: 'Anything else?', help: 'Free text.', required: false },
      { id: 'b-gone', domain: 'beta', type: 'single', prompt: 'Old question?', help: 'Removed later.', allowNotApplicable: true, options: fiveOptions('g') },
    ],
    controls: [
      {
        id: 'ctl-one',
        title: 'Control one',
        action: 'Do the first thing.',
        effort: 'low',
        impact: 'high',
        frameworks: [{ framework: 'RFC', edition: '8693' }],
      },
      {
        id: 'ctl-two',
        title: 'Control two',
        action: 'Do the second thing.',
        effort: 'medium',
        impact: 'medium',
        frameworks: [{ framework: 'RFC', edition: '8707' }],
      },
    ],
  };
}

/**
 * Version 1.1.0: rewords a-choice, splits a-split into a-split-first and a-split-second,
 * renames m5 of b-multi to m-top, removes b-gone, adds b-new.
 */
export function demoV11(): QuestionnaireInput {
  const v1 = demoV1();
  const questions = v1.questions.flatMap((q) => {
    if (q.id === 'a-choice') return [{ ...q, prompt: 'How about A, exactly?' }];
    if (q.id === 'a-split')
      return [
        {
          id: 'a-split-first',
          domain: 'alpha',
          type: 'yesno' as const,
          prompt: 'The first thing?',
          help: 'First half.',
          options: [
            { id: 'no', label: 'No', level: 1 },
            { id: 'yes', label: 'Yes', level: 5 },
          ],
        },
        {
          id: 'a-split-second',
          domain: 'alpha',
          type: 'yesno' as const,
          prompt: 'The second thing?',
          help: 'Second half.',
          options: [
            { id: 'no', label: 'No', level: 1 },
            { id: 'yes', label: 'Yes', level: 5 },
          ],
        },
      ];
    if (q.id === 'b-multi' && q.type === 'multi') return [{ ...q, options: q.options.map((o) => (o.id === 'm5' ? { ...o, id: 'm-top' } : o)) }];
    if (q.id === 'b-gone')
      return [{ id: 'b-new', domain: 'beta', type: 'single' as const, prompt: 'New question?', help: 'Added in 1.1.0.', options: fiveOptions('n') }];
    return [q];
  });
  return {
    ...v1,
    version: '1.1.0',
    questions,
    migration: {
      from: '1.0.0',
      questions: [
        { from: 'a-split', to: 'a-split-first', options: { none: 'no', 'first-only': 'yes', both: 'yes' } },
        { from: 'a-split', to: 'a-split-second', options: { none: 'no', both: 'yes' } },
        { from: 'b-multi', to: 'b-multi', options: { m5: 'm-top' } },
      ],
      removed: ['b-gone'],
      added: ['b-new'],
    },
  };
}

export const parseQuestionnaire = (input: QuestionnaireInput): Questionnaire => QuestionnaireSchema.parse(input);
