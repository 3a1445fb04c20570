/**
 * The authoring checks of essential options and control stages, one mistake at a time on
 * the demo questionnaire: `essential` only on a multi-select and never with `exclusive`;
 * an advanced step names a prerequisite (an error) and, among them, a foundational step (a warning).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireInput } from '../model';
import { demoV1 } from '../versioning-fixture';
import { reviewQuestionnaires, type AuthoringReview, type SourceFile } from './index';

const FILE = 'demo/1.0.0.json';
function review(change: (doc: QuestionnaireInput) => void, lock = true): AuthoringReview {
  const doc = demoV1();
  change(doc);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const file: SourceFile = { path: FILE, text, sha256: createHash('sha256').update(text).digest('hex') };
  return reviewQuestionnaires([file], lock ? JSON.stringify({ algorithm: 'sha256', versions: { [FILE]: file.sha256 } }) : undefined);
}
const question = (doc: QuestionnaireInput, id: string) => doc.questions.find((q) => q.id === id)! as Record<string, any>;
const control = (doc: QuestionnaireInput, id: string) => doc.controls!.find((c) => c.id === id)! as Record<string, any>;
const found = (findings: { code: string; pointer: string }[]) => findings.map((f) => `${f.code} ${f.pointer}`);

describe('essential_option', () => {
  it('accepts essential options on a multi-select', () => {
    expect(review((d) => (question(d, 'b-multi').options[2].essential = true))).toEqual({ errors: [], warnings: [], known: [] });
  });

  it('refuses "essential" on a question that is not a multi-select', () => {
    const errors = review((d) => (question(d, 'a-choice').options[1].essential = true)).errors;
    expect(found(errors)).toEqual(['essential_option /questions/0/options/1/essential']);
    expect(errors[0]!.fix).toContain('multi-select');
  });

  it('refuses an option that is both exclusive and essential', () => {
    const errors = review((d) => Object.assign(question(d, 'b-multi').options[0], { label: 'None', exclusive: true, essential: true })).errors;
    expect(found(errors)).toEqual(['essential_option /questions/4/options/0/essential']);
  });
});

describe('control_stage and advanced_without_foundational', () => {
  it('accepts an advanced step built on its foundational step', () => {
    const result = review((d) => {
      control(d, 'ctl-one').stage = 'foundational';
      Object.assign(control(d, 'ctl-two'), { stage: 'advanced', prerequisites: ['ctl-one'] });
    });
    expect(result).toEqual({ errors: [], warnings: [], known: [] });
  });

  it('refuses an advanced step with no prerequisite, declared or empty', () => {
    expect(found(review((d) => (control(d, 'ctl-two').stage = 'advanced')).errors)).toEqual(['control_stage /controls/1/stage']);
    expect(found(review((d) => Object.assign(control(d, 'ctl-two'), { stage: 'advanced', prerequisites: [] })).errors)).toEqual([
      'control_stage /controls/1/stage',
    ]);
  });

  it('warns, without failing, when none of the prerequisites of an advanced step is foundational', () => {
    const result = review((d) => Object.assign(control(d, 'ctl-two'), { stage: 'advanced', prerequisites: ['ctl-one'] }));
    expect(result.errors).toEqual([]);
    expect(found(result.warnings)).toEqual(['advanced_without_foundational /controls/1/prerequisites']);
  });

  it('reports in a draft (not locked) as in a published file', () => {
    expect(found(review((d) => (control(d, 'ctl-two').stage = 'advanced'), false).errors)).toContain('control_stage /controls/1/stage');
  });
});
