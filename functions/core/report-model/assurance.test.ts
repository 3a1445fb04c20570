import { describe, expect, it } from 'vitest';
import { fixtureAnswers, fixtureInput } from '../../../test/fixtures/report-model';
import type { AssuredAnswers } from '../questionnaire/answers';
import { buildReportModel } from './build';

const source = {
  importId: 'imp-1',
  sha256: 'c'.repeat(64),
  importedAt: '2025-11-20T09:00:00.000Z',
  statement: '3 of 4 agent identities (75%) rotate; "agents.csv", imported 2025-11-20',
};

const answers: AssuredAnswers = {
  ...fixtureAnswers,
  'cred-rotation': { value: 'yearly', assurance: 'evidence', evidenceSource: source },
  'cred-storage': { value: 'no', assurance: 'self-attested', assuranceReason: 'the vault migration is not in the export' },
  'access-scope': { value: 'l3', assurance: 'self-attested' },
};

const model = () => {
  const input = fixtureInput();
  return buildReportModel({
    ...input,
    assessment: {
      ...input.assessment,
      answers,
      evidenceFlags: [
        { questionId: 'cred-storage', importId: 'imp-1', proposed: 'yes', consistent: ['yes'], answered: 'no' },
        { questionId: 'gone-from-this-version', importId: 'imp-1', proposed: 'x', consistent: ['x'], answered: 'y' },
      ],
    },
  });
};

describe('assurance in the report model', () => {
  it('counts evidence-backed answers among those asked and answered, overall and per domain', () => {
    const { assurance } = model();
    // Asked and answered: cred-rotation, cred-storage, access-scope, audit-retention, audit-notes (access-review is hidden).
    expect(assurance).toMatchObject({ answered: 5, evidenceBacked: 1, share: 0.2 });
    expect(assurance.domains).toEqual([
      { domainId: 'credentials', title: 'Credential lifecycle', answered: 2, evidenceBacked: 1, share: 0.5 },
      { domainId: 'access', title: 'Least privilege', answered: 1, evidenceBacked: 0, share: 0 },
      { domainId: 'audit', title: 'Audit and accountability', answered: 2, evidenceBacked: 0, share: 0 },
    ]);
  });

  it('lists the flags in the options’ words with the reason, and drops flags on questions this version lacks', () => {
    expect(model().assurance.flags).toEqual([
      {
        questionId: 'cred-storage',
        domainId: 'credentials',
        prompt: expect.any(String),
        proposed: 'Yes',
        answered: 'No',
        reason: 'the vault migration is not in the export',
      },
    ]);
  });

  it('gives each appendix answer its assurance, the evidence statement or the reason, and the flag', () => {
    const questions = model().appendix.flatMap((d) => d.questions);
    const byId = (id: string) => questions.find((q) => q.id === id)!;
    expect(byId('cred-rotation')).toMatchObject({ assurance: 'evidence', evidenceStatement: source.statement });
    expect(byId('cred-storage')).toMatchObject({
      assurance: 'self-attested',
      assuranceReason: 'the vault migration is not in the export',
      contradictsEvidence: { proposed: 'Yes' },
    });
    // Saved before assurance was recorded: self-attested.
    expect(byId('audit-retention')).toMatchObject({ assurance: 'self-attested' });
    expect(byId('access-review')).not.toHaveProperty('assurance');
  });

  it('shows no share when nothing was answered', () => {
    const input = fixtureInput();
    const empty = buildReportModel({ ...input, assessment: { ...input.assessment, answers: {} } });
    expect(empty.assurance).toMatchObject({ answered: 0, evidenceBacked: 0, share: null, flags: [] });
  });
});
