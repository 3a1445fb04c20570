import { describe, expect, it } from 'vitest';
import { heldInput } from '../../../test/fixtures/held-report';
import { fixtureAnswers, fixtureInput, fixtureQuestionnaire } from '../../../test/fixtures/report-model';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import { ReportModelSchema } from './schema';

describe('why a level is held, in the report model', () => {
  const model = buildReportModel(heldInput());

  it('names the weakest answer that holds a domain, with its prompt and the level the score alone gives (method 2)', () => {
    const audit = model.domains.find((d) => d.id === 'audit')!;
    expect(audit).toMatchObject({ score: 3, level: 2 });
    expect(audit.heldBy).toEqual({
      rule: 'weakest-link',
      questionId: 'audit-owner',
      prompt: 'Does every agent have a named human owner?',
      unheldLevel: 3,
    });
    // Domains at the level their score gives carry nothing.
    for (const d of model.domains.filter((d) => d.id !== 'audit')) expect(d.heldBy, d.id).toBeUndefined();
  });

  it('names the weakest domain that holds the overall level', () => {
    expect(model.overall).toMatchObject({ score: 4.13, level: 3, method: 2 });
    expect(model.overall.heldBy).toEqual({ rule: 'weakest-link', domainId: 'audit', domainTitle: 'Audit and accountability', unheldLevel: 4 });
  });

  it('names a cap that holds a domain, in method 1 too', () => {
    // Secrets rotated on every deployment (5) but kept in code (1, caps at 2): the mean 3 gives level 3.
    const answers = { ...fixtureAnswers, 'cred-rotation': { value: 'automated' } };
    const capped = buildReportModel(
      fixtureInput({ assessment: { ...fixtureInput().assessment, answers, scores: scoreAssessment(fixtureQuestionnaire, answers) } }),
    );
    expect(capped.overall.method).toBe(1);
    expect(capped.domains.find((d) => d.id === 'credentials')).toMatchObject({
      level: 2,
      heldBy: { rule: 'cap', questionId: 'cred-storage', prompt: 'Are agent secrets kept out of source code?', unheldLevel: 3 },
    });
  });

  it('carries nothing when no level is held, and the model still matches its schema', () => {
    const plain = buildReportModel(fixtureInput());
    expect(plain.overall.heldBy).toBeUndefined();
    expect(plain.domains.every((d) => d.heldBy === undefined)).toBe(true);
    expect(ReportModelSchema.parse(model)).toEqual(model);
  });
});
