import { describe, expect, it } from 'vitest';
import { assuranceByDomain, assuranceLabel, decisionState, flagLine, latestProposals, shareText, usesEvidence } from './assurance-text';

const proposal = (questionId: string, value: string) => ({ questionId, value, consistent: [value], evidence: `${questionId} measured`, facts: [] });

describe('assurance sentences', () => {
  it('lets the latest import speak for a question, ties going to the larger id', () => {
    const older = { id: 'a', importedAt: '2026-11-01T00:00:00.000Z', proposals: [proposal('q1', 'some'), proposal('q2', 'none')] };
    const newer = { id: 'b', importedAt: '2026-11-02T00:00:00.000Z', proposals: [proposal('q1', 'most')] };
    const tie = { id: 'c', importedAt: '2026-11-02T00:00:00.000Z', proposals: [proposal('q2', 'all')] };
    const found = latestProposals([older, newer, tie]).map(({ record, proposal }) => [proposal.questionId, record.id, proposal.value]);
    expect(found.sort()).toEqual([
      ['q1', 'b', 'most'],
      ['q2', 'c', 'all'],
    ]);
    expect(latestProposals([])).toEqual([]);
  });

  it('counts evidence-backed answers per domain, an answer without assurance being self-attested', () => {
    const domains = [
      { id: 'd1', title: 'One', questions: [{ id: 'q1' }, { id: 'q2' }, { id: 'q3' }] },
      { id: 'd2', title: 'Two', questions: [{ id: 'q4' }] },
    ];
    const shares = assuranceByDomain(domains, { q1: { assurance: 'evidence' }, q2: {}, q3: { assurance: 'self-attested' } });
    expect(shares).toEqual([
      { domainId: 'd1', title: 'One', evidenceBacked: 1, answered: 3 },
      { domainId: 'd2', title: 'Two', evidenceBacked: 0, answered: 0 },
    ]);
    expect(shares.map(shareText)).toEqual(['1 of 3 answers evidence-backed', 'No answers']);
    expect(shareText({ evidenceBacked: 1, answered: 1 })).toBe('1 of 1 answer evidence-backed');
    expect([assuranceLabel({ assurance: 'evidence' }), assuranceLabel({}), assuranceLabel(undefined)]).toEqual([
      'Evidence-backed',
      'Self-attested',
      'Self-attested',
    ]);
  });

  it('shows assurance only once evidence is in use: an evidence-backed answer, a reason, or a flag', () => {
    expect(usesEvidence({})).toBe(false);
    expect(usesEvidence({ q1: {}, q2: { assurance: 'self-attested' }, q3: undefined })).toBe(false);
    expect(usesEvidence({ q1: { assurance: 'evidence' } })).toBe(true);
    expect(usesEvidence({ q1: { assurance: 'self-attested', assuranceReason: 'why' } })).toBe(true);
    expect(usesEvidence({ q1: {} }, [{ questionId: 'q1' }])).toBe(true);
  });

  it('writes a flag line with the question and the option labels', () => {
    const describe = (q: string, v: string | null) => (v === null ? `“${q}?”` : v.toUpperCase());
    const flag = { questionId: 'owners', importId: 'i1', proposed: 'most', consistent: ['most', 'all'], answered: 'none' };
    expect(flagLine(flag, describe)).toBe('Contradicts imported evidence: “owners?”: proposed “MOST”, answered “NONE”.');
    expect(flagLine({ ...flag, answered: null }, describe)).toBe('Contradicts imported evidence: “owners?”: proposed “MOST”, answered not applicable.');
    expect(flagLine({ ...flag, answered: ['a', 'b'] }, describe)).toBe('Contradicts imported evidence: “owners?”: proposed “MOST”, answered “A; B”.');
  });

  it('tells an accepted proposal from an answer otherwise, one that merely agrees and an open question', () => {
    const at = { updatedBy: { tokenId: 't', label: 'x', role: 'owner', actorType: 'human' }, updatedAt: '2026-11-01T00:00:00.000Z', revision: 1 } as const;
    const source = { importId: 'i1', sha256: 'f'.repeat(64), importedAt: '2026-11-01T00:00:00.000Z', statement: 's' };
    const p = { value: 'most' };
    expect(decisionState(undefined, p, 'i1')).toBe('open');
    expect(decisionState({ ...at, value: 'most', assurance: 'evidence', evidenceSource: source }, p, 'i1')).toBe('accepted');
    // Evidence from an earlier import is not a decision on this one.
    expect(decisionState({ ...at, value: 'most', assurance: 'evidence', evidenceSource: { ...source, importId: 'i0' } }, p, 'i1')).toBe('agrees');
    expect(decisionState({ ...at, value: 'some', assurance: 'self-attested', assuranceReason: 'why' }, p, 'i1')).toBe('otherwise');
    expect(decisionState({ ...at, value: 'most', assurance: 'self-attested' }, p, 'i1')).toBe('agrees');
    expect(decisionState({ ...at, value: 'some' }, p, 'i1')).toBe('open');
  });
});
