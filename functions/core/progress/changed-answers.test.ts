import { describe, expect, it } from 'vitest';
import { demoV1, demoV11, parseQuestionnaire } from '../questionnaire/versioning-fixture';
import { changedAnswers, type StampedAnswer } from './changed-answers';

const v1 = parseQuestionnaire(demoV1());
const v11 = parseQuestionnaire(demoV11());
const ada = { name: 'Ada' };
const bob = { name: 'Bob' };
const stamped = (answer: Omit<StampedAnswer<{ name: string }>, 'updatedBy' | 'updatedAt'>, by = ada, at = '2026-01-01T00:00:00.000Z') => ({
  ...answer,
  updatedBy: by,
  updatedAt: at,
});

describe('changedAnswers', () => {
  it('lists only answers whose value changed, in words with levels and who changed them last', () => {
    const earlier = { 'a-choice': stamped({ value: 'a2' }), 'b-multi': stamped({ value: ['m1', 'm2'] }), 'b-number': stamped({ value: 12 }) };
    const later = {
      'a-choice': stamped({ value: 'a4' }, bob, '2026-03-01T10:00:00.000Z'),
      // The same options in another order, and a new comment: not a change.
      'b-multi': stamped({ value: ['m2', 'm1'], comment: 'reworded' }, bob),
      'b-number': stamped({ value: 60 }, bob, '2026-03-02T10:00:00.000Z'),
    };
    expect(changedAnswers({ questionnaire: v1, answers: earlier }, { questionnaire: v1, answers: later })).toEqual([
      {
        questionId: 'a-choice',
        prompt: 'How about A?',
        domainId: 'alpha',
        from: { text: 'a level 2', level: 2 },
        to: { text: 'a level 4', level: 4 },
        changedBy: bob,
        changedAt: '2026-03-01T10:00:00.000Z',
      },
      {
        questionId: 'b-number',
        prompt: 'How many?',
        domainId: 'beta',
        from: { text: '12', level: 3 },
        to: { text: '60', level: 5 },
        changedBy: bob,
        changedAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
  });

  it('shows an answer given, cleared or made not applicable, with no one named for a cleared one', () => {
    const earlier = { 'b-gone': stamped({ value: 'g3' }), 'b-text': stamped({ value: 'notes' }) };
    const later = { 'b-gone': stamped({ notApplicable: true, reason: 'no longer used' }, bob), 'a-choice': stamped({ value: 'a1' }, bob) };
    const changes = changedAnswers({ questionnaire: v1, answers: earlier }, { questionnaire: v1, answers: later });
    expect(changes.map((c) => [c.questionId, c.from, c.to, c.changedBy])).toEqual([
      ['a-choice', null, { text: 'a level 1', level: 1 }, bob],
      ['b-text', { text: 'notes', level: null }, null, null],
      ['b-gone', { text: 'g level 3', level: 3 }, { text: 'Not applicable', level: null }, bob],
    ]);
  });

  it("takes questions of either version: the later version's order first, then questions only the earlier asked", () => {
    const earlier = { 'a-choice': stamped({ value: 'a1' }), 'a-split': stamped({ value: 'both' }), 'b-gone': stamped({ value: 'g2' }) };
    const later = { 'a-choice': stamped({ value: 'a3' }, bob), 'a-split-first': stamped({ value: 'yes' }, bob) };
    const changes = changedAnswers({ questionnaire: v1, answers: earlier }, { questionnaire: v11, answers: later });
    expect(changes.map((c) => c.questionId)).toEqual(['a-choice', 'a-split-first', 'a-split', 'b-gone']);
    // The later version's wording; the earlier answer read in the earlier version.
    expect(changes[0]!.prompt).toBe('How about A, exactly?');
    expect(changes[2]).toMatchObject({ prompt: 'Both things?', from: { text: 'Both', level: 5 }, to: null });
  });
});
