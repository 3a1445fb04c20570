import { describe, expect, it } from 'vitest';
import type { EvidenceImport } from '../../contract';
import { compareImports, previousImport } from './import-changes';

const fact = (id: EvidenceImport['facts'][number]['id'], numerator: number, denominator: number): EvidenceImport['facts'][number] => ({
  id,
  unit: 'ratio',
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
  description: id,
});

const record = (over: Partial<EvidenceImport>): EvidenceImport => ({
  id: 'i1',
  assessmentId: 'a1',
  format: 'aim-template',
  fileName: 'agents.csv',
  sha256: 'aa',
  bytes: 10,
  importedAt: '2026-11-01T10:00:00.000Z',
  importedBy: { tokenId: 't', label: 'x', role: 'owner', actorType: 'human' },
  identities: { agent: 10, human: 0, workload: 0, unknown: 0 },
  facts: [fact('named-owner', 5, 10), fact('static-credentials', 2, 10)],
  proposals: [{ questionId: 'agent-owner-coverage', value: 'about-half', consistent: ['about-half'], evidence: 'e', facts: ['named-owner'] }],
  ...over,
});

describe('what changed since the last import', () => {
  it('names the counts, facts and proposals that moved, and only those', () => {
    const before = record({});
    const after = record({
      id: 'i2',
      sha256: 'bb',
      importedAt: '2026-12-01T10:00:00.000Z',
      identities: { agent: 12, human: 0, workload: 0, unknown: 0 },
      facts: [fact('named-owner', 12, 12), fact('static-credentials', 2, 10)],
      proposals: [{ questionId: 'agent-owner-coverage', value: 'all', consistent: ['all'], evidence: 'e', facts: ['named-owner'] }],
    });
    const changes = compareImports(before, after);
    expect(changes).toMatchObject({ importId: 'i1', fileName: 'agents.csv', importedAt: before.importedAt, sameFile: false });
    expect(changes.identities).toEqual([{ kind: 'agent', before: 10, after: 12 }]);
    expect(changes.facts).toEqual([
      { id: 'named-owner', unit: 'ratio', before: { numerator: 5, denominator: 10, value: 0.5 }, after: { numerator: 12, denominator: 12, value: 1 } },
    ]);
    expect(changes.proposals).toEqual([{ questionId: 'agent-owner-coverage', before: 'about-half', after: 'all' }]);
  });

  it('reports nothing moved for the same file, and a proposal that appears or goes as null on one side', () => {
    const same = compareImports(record({}), record({ id: 'i2' }));
    expect(same).toMatchObject({ sameFile: true, identities: [], facts: [], proposals: [] });
    const gone = compareImports(record({}), record({ id: 'i2', proposals: [] }));
    expect(gone.proposals).toEqual([{ questionId: 'agent-owner-coverage', before: 'about-half', after: null }]);
    const fresh = compareImports(record({ facts: [] }), record({ id: 'i2' }));
    expect(fresh.facts.map((f) => [f.id, f.before])).toEqual([
      ['named-owner', null],
      ['static-credentials', null],
    ]);
  });

  it('compares with the latest earlier import of the same format and scope', () => {
    const imports = [
      record({ id: 'old', importedAt: '2026-10-01T00:00:00.000Z' }),
      record({ id: 'late', importedAt: '2026-11-20T00:00:00.000Z' }),
      record({ id: 'other-format', format: 'entra', importedAt: '2026-11-25T00:00:00.000Z' }),
      { ...record({ id: 'other-scope', importedAt: '2026-11-26T00:00:00.000Z' }), scopeId: 'payments' },
    ];
    expect(previousImport(imports, { format: 'aim-template', importedAt: '2026-12-01T00:00:00.000Z' })?.id).toBe('late');
    expect(previousImport(imports, { format: 'aim-template', scopeId: 'payments', importedAt: '2026-12-01T00:00:00.000Z' })?.id).toBe('other-scope');
    expect(previousImport(imports, { format: 'aws-credential-report', importedAt: '2026-12-01T00:00:00.000Z' })).toBeUndefined();
  });
});
