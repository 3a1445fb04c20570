import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import { fixtureAnswers, fixtureInput, fixtureQuestionnaire } from '../../../test/fixtures/report-model';

/** Data stored before names and free text were checked (issue 13, finding 8). */
function legacyInput() {
  const answers = {
    ...fixtureAnswers,
    'audit-notes': { value: 'Logs in \u202Efdp.exe\u0007' },
    'cred-rotation': { value: 'yearly', comment: 'Rotated by\u2066 hand\u2069\nsee\u0000 runbook' },
  };
  const base = fixtureInput();
  return fixtureInput({
    organisation: { ...base.organisation, name: '\u202Egnp.exe\u0000' },
    assessment: { ...base.assessment, answers, scores: scoreAssessment(fixtureQuestionnaire, answers) },
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control and direction characters no shown text may carry
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('text people typed, in the report model', () => {
  it('prints a stored bidirectional override in the order it was typed', () => {
    const model = buildReportModel(legacyInput());
    expect(model.cover.organisation.name).toBe('gnp.exe');
    const audit = model.appendix.find((d) => d.id === 'audit')!.questions.find((q) => q.id === 'audit-notes')!;
    expect(audit.answer).toBe('Logs in fdp.exe');
    const rotation = model.appendix.find((d) => d.id === 'credentials')!.questions.find((q) => q.id === 'cred-rotation')!;
    expect(rotation.comment).toBe('Rotated by hand\nsee runbook');
  });

  it('leaves no control or bidirectional character anywhere in the model', () => {
    expect(
      JSON.stringify(buildReportModel(legacyInput()), (_k, v) => (typeof v === 'string' && FORBIDDEN.test(v) ? `FORBIDDEN: ${JSON.stringify(v)}` : v)),
    ).not.toContain('FORBIDDEN');
  });

  it('leaves clean text unchanged', () => {
    const model = buildReportModel(fixtureInput());
    expect(model.cover.organisation.name).toBe('Zürich Ærø Łódź Ltd');
    expect(model.appendix.find((d) => d.id === 'audit')!.questions.find((q) => q.id === 'audit-notes')!.answer).toBe('Logs live on each host.');
  });
});
