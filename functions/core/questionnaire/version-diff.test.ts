import { describe, expect, it } from 'vitest';
import agentIdentity100 from '../../../questionnaires/agent-identity/1.0.0.json';
import agentIdentity110 from '../../../questionnaires/agent-identity/1.1.0.json';
import { stepEquivalences } from './equivalences';
import { QuestionnaireSchema } from './model';
import { diffVersions } from './version-diff';
import { demoV1, demoV11, parseQuestionnaire } from './versioning-fixture';

describe('diffVersions (demo)', () => {
  const v1 = parseQuestionnaire(demoV1());
  const v11 = parseQuestionnaire(demoV11());
  const diff = diffVersions(v1, v11, stepEquivalences(v1, v11));

  it('lists added and removed questions', () => {
    expect(diff.questions.added).toEqual([{ id: 'b-new', domain: 'beta', prompt: 'New question?' }]);
    expect(diff.questions.removed).toEqual([{ id: 'b-gone', domain: 'beta', prompt: 'Old question?' }]);
  });

  it('tells a wording change from one that changes meaning', () => {
    const reworded = diff.questions.changed.find((c) => c.to === 'a-choice');
    expect(reworded).toEqual({
      from: 'a-choice',
      to: 'a-choice',
      wordingOnly: true,
      changes: [{ path: 'prompt', before: 'How about A?', after: 'How about A, exactly?', wording: true }],
    });
    const renamedOption = diff.questions.changed.find((c) => c.to === 'b-multi');
    expect(renamedOption?.wordingOnly).toBe(false);
    expect(renamedOption?.changes).toContainEqual({ path: 'options/m5/id', before: 'm5', after: 'm-top', wording: false });
  });

  it('shows both halves of a split with their option equivalences', () => {
    const halves = diff.questions.changed.filter((c) => c.from === 'a-split').map((c) => c.to);
    expect(halves).toEqual(['a-split-first', 'a-split-second']);
    const second = diff.questions.changed.find((c) => c.to === 'a-split-second')!;
    expect(second.changes).toContainEqual({
      path: 'options/first-only',
      before: { id: 'first-only', label: 'Only the first', level: 2 },
      after: null,
      wording: false,
    });
    expect(diff.equivalences.find((e) => e.to === 'a-split-second')?.options).toEqual({ none: 'no', both: 'yes' });
  });

  it('lists questions that did not change', () => {
    expect(diff.questions.unchanged.sort()).toEqual(['a-follow-up', 'a-gate', 'b-number', 'b-text']);
    expect(diff.domains).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('diffVersions (agent-identity 1.0.0 → 1.1.0)', () => {
  const from = QuestionnaireSchema.parse(agentIdentity100);
  const to = QuestionnaireSchema.parse(agentIdentity110);
  const diff = diffVersions(from, to, stepEquivalences(from, to));

  it('shows the split, the added question and control, and the reworded questions', () => {
    expect(diff.questions.added.map((q) => q.id)).toEqual(['approved-tool-register']);
    expect(diff.questions.removed).toEqual([]);
    expect(diff.questions.changed.filter((c) => c.from === 'approval-binding').map((c) => c.to)).toEqual(['approval-action-binding', 'approval-record']);
    const wordingOnly = diff.questions.changed
      .filter((c) => c.wordingOnly)
      .map((c) => c.to)
      .sort();
    expect(wordingOnly).toEqual(['agent-credential-type', 'agent-inventory', 'log-protection', 'token-audience-binding']);
    expect(diff.controls.added).toEqual(['ctl-approved-tool-register']);
    expect(diff.domains.changed).toEqual([]);
  });
});
