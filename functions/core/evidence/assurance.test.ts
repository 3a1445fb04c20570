import { describe, expect, it } from 'vitest';
import { acceptProposal, assuranceCounts, assuredAnswer, evidenceFlags, type ImportWithProposals, latestProposals } from './assurance';

const older: ImportWithProposals = {
  id: 'imp-1',
  importedAt: '2026-11-01T10:00:00.000Z',
  sha256: 'a'.repeat(64),
  proposals: [
    { questionId: 'static-keys', value: 'most', consistent: ['most'], evidence: '40 of 50 agent identities (80%) have a static key' },
    { questionId: 'owners', value: 'all', consistent: ['all', 'most'], evidence: '50 of 50 agent identities have a named owner' },
  ],
};
const newer: ImportWithProposals = {
  id: 'imp-2',
  importedAt: '2026-12-01T10:00:00.000Z',
  sha256: 'b'.repeat(64),
  proposals: [{ questionId: 'static-keys', value: 'some', consistent: ['some', 'few'], evidence: '10 of 50 agent identities (20%) have a static key' }],
};

describe('latestProposals', () => {
  it('lets the newest import speak for a question and keeps older proposals for the rest', () => {
    const found = latestProposals([older, newer]);
    expect(found.get('static-keys')?.record.id).toBe('imp-2');
    expect(found.get('owners')?.record.id).toBe('imp-1');
    expect(latestProposals([newer, older]).get('static-keys')?.proposal.value).toBe('some');
  });
});

describe('acceptProposal', () => {
  it("gives the import's source when the value is the one proposed", () => {
    expect(acceptProposal([older, newer], 'static-keys', { value: 'some', evidenceImportId: 'imp-2' })).toEqual({
      source: { importId: 'imp-2', sha256: 'b'.repeat(64), importedAt: newer.importedAt, statement: newer.proposals[0]?.evidence },
    });
  });

  it('refuses an unknown import, a question it does not propose on, and another value', () => {
    expect(acceptProposal([older], 'static-keys', { value: 'most', evidenceImportId: 'imp-9' })).toEqual({
      problem: expect.stringContaining('no import "imp-9"'),
    });
    expect(acceptProposal([newer], 'owners', { value: 'all', evidenceImportId: 'imp-2' })).toEqual({
      problem: expect.stringContaining('proposes no answer to "owners"'),
    });
    expect(acceptProposal([newer], 'static-keys', { value: 'few', evidenceImportId: 'imp-2' })).toEqual({
      problem: expect.stringContaining('proposes "some"'),
    });
  });
});

describe('assuredAnswer', () => {
  const source = { importId: 'imp-2', sha256: 'b'.repeat(64), importedAt: newer.importedAt, statement: 'measured' };
  const backed = { value: 'some', assurance: 'evidence' as const, evidenceSource: source };

  it('marks an accepted proposal as evidence and drops the request-only fields', () => {
    expect(assuredAnswer({ value: 'some', evidenceImportId: 'imp-2' }, undefined, source)).toEqual(backed);
  });

  it('keeps the evidence when only the comment changes', () => {
    expect(assuredAnswer({ value: 'some', comment: 'see ticket 12' }, backed)).toEqual({ ...backed, comment: 'see ticket 12' });
  });

  it('drops the evidence when the value changes, when a reason is given, or when marked not applicable', () => {
    expect(assuredAnswer({ value: 'few' }, backed)).toEqual({ value: 'few', assurance: 'self-attested' });
    expect(assuredAnswer({ value: 'some', assuranceReason: 'the report misses the legacy account' }, backed)).toEqual({
      value: 'some',
      assurance: 'self-attested',
      assuranceReason: 'the report misses the legacy account',
    });
    expect(assuredAnswer({ notApplicable: true }, backed)).toEqual({ notApplicable: true, assurance: 'self-attested' });
  });

  it('is self-attested with no stored evidence', () => {
    expect(assuredAnswer({ value: 'most' }, { value: 'most', assurance: 'self-attested' })).toEqual({ value: 'most', assurance: 'self-attested' });
  });
});

describe('evidenceFlags', () => {
  it("flags answers outside the latest import's consistent options, in question order", () => {
    const flags = evidenceFlags(
      ['owners', 'static-keys', 'unasked'],
      {
        'static-keys': { value: 'most', assurance: 'self-attested', assuranceReason: 'keys are rotated by hand' },
        owners: { value: 'most', assurance: 'self-attested' },
      },
      [older, newer],
    );
    expect(flags).toEqual([{ questionId: 'static-keys', importId: 'imp-2', proposed: 'some', consistent: ['some', 'few'], answered: 'most' }]);
  });

  it('flags a not-applicable answer to a measured question and ignores unanswered ones', () => {
    expect(evidenceFlags(['owners', 'static-keys'], { owners: { notApplicable: true, assurance: 'self-attested' } }, [older])).toEqual([
      { questionId: 'owners', importId: 'imp-1', proposed: 'all', consistent: ['all', 'most'], answered: null },
    ]);
  });
});

describe('assuranceCounts', () => {
  it('counts evidence-backed answers and treats missing assurance as self-attested', () => {
    expect(assuranceCounts([{ assurance: 'evidence' }, {}, { assurance: 'self-attested' }, undefined])).toEqual({
      answered: 3,
      evidenceBacked: 1,
      share: 1 / 3,
    });
    expect(assuranceCounts([])).toEqual({ answered: 0, evidenceBacked: 0, share: null });
  });
});
