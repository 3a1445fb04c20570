import { describe, expect, it } from 'vitest';
import { questionnaireDocuments } from '../../../questionnaires';
import { QuestionnaireSchema, type Questionnaire } from '../questionnaire/model';
import { domainLineage, equivalentDomains } from './domain-lineage';

const levels = ['One', 'Two', 'Three', 'Four', 'Five'];
const options = (prefix: string) => [1, 2, 3].map((level) => ({ id: `${prefix}${level}`, label: `${prefix} ${level}`, level }));
const question = (id: string, domain: string, extra: Record<string, unknown> = {}) => ({
  id,
  domain,
  type: 'single',
  prompt: `${id}?`,
  options: options(id),
  ...extra,
});

/** Three domains with two questions each; `change` edits the parsed input before validation. */
function version(v: string, change: (q: Record<string, any>) => void = () => {}, from?: string): Questionnaire {
  const input: Record<string, any> = {
    id: 'fixture',
    version: v,
    status: 'published',
    title: 'Fixture',
    description: 'Lineage tests.',
    domains: ['alpha', 'beta', 'gamma'].map((id) => ({ id, title: id, description: id, levelDescriptions: levels })),
    questions: ['alpha', 'beta', 'gamma'].flatMap((d) => [question(`${d}-1`, d), question(`${d}-2`, d)]),
    ...(from ? { migration: { from } } : {}),
  };
  change(input);
  return QuestionnaireSchema.parse(input);
}

const byId = (q: Record<string, any>, id: string) => q.questions.find((x: { id: string }) => x.id === id);

describe('equivalentDomains', () => {
  it('pools a domain whose questions are kept as they are, and one mapped one to one with the same levels', () => {
    const renamed = version(
      '1.1.0',
      (q) => {
        byId(q, 'beta-1').id = 'beta-one';
        byId(q, 'beta-one').options = [1, 2, 3].map((level) => ({ id: `b${level}`, label: `b ${level}`, level }));
        q.migration.questions = [{ from: 'beta-1', to: 'beta-one', options: { 'beta-11': 'b1', 'beta-12': 'b2', 'beta-13': 'b3' } }];
      },
      '1.0.0',
    );
    expect([...equivalentDomains(version('1.0.0'), renamed)].sort()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('does not pool a domain with an added question, a removed one or a split', () => {
    const older = version('1.0.0');
    const added = version(
      '1.1.0',
      (q) => {
        q.questions.push(question('alpha-3', 'alpha'));
        q.migration.added = ['alpha-3'];
      },
      '1.0.0',
    );
    const removed = version(
      '1.1.0',
      (q) => {
        q.questions = q.questions.filter((x: { id: string }) => x.id !== 'beta-2');
        q.migration.removed = ['beta-2'];
      },
      '1.0.0',
    );
    const split = version(
      '1.1.0',
      (q) => {
        q.questions = q.questions.filter((x: { id: string }) => x.id !== 'gamma-2');
        q.questions.push(question('gamma-2a', 'gamma'), question('gamma-2b', 'gamma'));
        q.migration.questions = [
          { from: 'gamma-2', to: 'gamma-2a', options: { 'gamma-21': 'gamma-2a1', 'gamma-22': 'gamma-2a2', 'gamma-23': 'gamma-2a3' } },
          { from: 'gamma-2', to: 'gamma-2b', options: { 'gamma-21': 'gamma-2b1', 'gamma-22': 'gamma-2b2', 'gamma-23': 'gamma-2b3' } },
        ];
      },
      '1.0.0',
    );
    expect([...equivalentDomains(older, added)].sort()).toEqual(['beta', 'gamma']);
    expect([...equivalentDomains(older, removed)].sort()).toEqual(['alpha', 'gamma']);
    expect([...equivalentDomains(older, split)].sort()).toEqual(['alpha', 'beta']);
  });

  it('does not pool a domain with a re-levelled option, a new option, a changed weight or a changed cap', () => {
    const older = version('1.0.0');
    const relevelled = version('1.1.0', (q) => (byId(q, 'alpha-1').options[1].level = 3), '1.0.0');
    const newOption = version('1.1.0', (q) => byId(q, 'beta-1').options.push({ id: 'beta-14', label: 'more', level: 5 }), '1.0.0');
    const weight = version('1.1.0', (q) => (byId(q, 'gamma-2').weight = 2), '1.0.0');
    const cap = version('1.1.0', (q) => (byId(q, 'alpha-2').caps = [{ options: ['alpha-21'], maxLevel: 2, reason: 'Held down.' }]), '1.0.0');
    expect([...equivalentDomains(older, relevelled)].sort()).toEqual(['beta', 'gamma']);
    expect([...equivalentDomains(older, newOption)].sort()).toEqual(['alpha', 'gamma']);
    expect([...equivalentDomains(older, weight)].sort()).toEqual(['alpha', 'beta']);
    expect([...equivalentDomains(older, cap)].sort()).toEqual(['beta', 'gamma']);
  });

  it('pools no domain across a change of scoring method', () => {
    expect(
      equivalentDomains(
        version('1.0.0'),
        version('2.0.0', (q) => (q.scoringMethod = 2), '1.0.0'),
      ).size,
    ).toBe(0);
  });
});

describe('domainLineage', () => {
  it('keeps plain ids for the first version and for every domain equivalent since it', () => {
    const lineage = domainLineage([version('1.1.0', () => {}, '1.0.0'), version('1.0.0')]);
    expect(lineage.get('1.1.0')).toEqual({
      domains: { alpha: 'alpha', beta: 'beta', gamma: 'gamma' },
      overall: 'overall',
      pooled: { alpha: ['1.0.0', '1.1.0'], beta: ['1.0.0', '1.1.0'], gamma: ['1.0.0', '1.1.0'], overall: ['1.0.0', '1.1.0'] },
    });
  });

  it('over a chain of three versions, keys a changed domain by the version it changed in, and the overall with it', () => {
    const v1 = version('1.0.0');
    const v2 = version('1.1.0', (q) => (byId(q, 'alpha-1').weight = 3), '1.0.0');
    const v3 = version(
      '1.2.0',
      (q) => {
        byId(q, 'alpha-1').weight = 3;
        byId(q, 'beta-2').options[0].level = 2;
      },
      '1.1.0',
    );
    const lineage = domainLineage([v1, v2, v3]);
    expect(lineage.get('1.0.0')!.domains).toEqual({ alpha: 'alpha', beta: 'beta', gamma: 'gamma' });
    expect(lineage.get('1.1.0')!.domains).toEqual({ alpha: 'alpha@1.1.0', beta: 'beta', gamma: 'gamma' });
    expect(lineage.get('1.2.0')!.domains).toEqual({ alpha: 'alpha@1.1.0', beta: 'beta@1.2.0', gamma: 'gamma' });
    expect(lineage.get('1.1.0')!.overall).toBe('overall@1.1.0');
    expect(lineage.get('1.2.0')!.overall).toBe('overall@1.2.0');
    expect(lineage.get('1.2.0')!.pooled).toEqual({ alpha: ['1.1.0', '1.2.0'], beta: ['1.2.0'], gamma: ['1.0.0', '1.1.0', '1.2.0'], overall: ['1.2.0'] });
  });

  it('does not pool the overall score when only the domain weights change', () => {
    const lineage = domainLineage([version('1.0.0'), version('1.1.0', (q) => (q.domains[0].weight = 2), '1.0.0')]);
    expect(lineage.get('1.1.0')!.domains).toEqual({ alpha: 'alpha', beta: 'beta', gamma: 'gamma' });
    expect(lineage.get('1.1.0')!.overall).toBe('overall@1.1.0');
  });

  it('on the real questionnaire, 1.1.0 keeps five domains and starts human oversight, inventory and the overall afresh', () => {
    const real = questionnaireDocuments.map((d) => QuestionnaireSchema.parse(d.content)).filter((q) => ['1.0.0', '1.1.0'].includes(q.version));
    const v11 = domainLineage(real).get('1.1.0')!;
    expect(v11.domains).toEqual({
      'identity-separation': 'identity-separation',
      'access-scoping': 'access-scoping',
      auditing: 'auditing',
      // approval-binding split into two questions, approved-tool-register added.
      'inventory-ownership': 'inventory-ownership@1.1.0',
      'credential-lifecycle': 'credential-lifecycle',
      'human-oversight': 'human-oversight@1.1.0',
      'runtime-containment': 'runtime-containment',
    });
    expect(v11.overall).toBe('overall@1.1.0');
    expect(domainLineage(real).get('1.0.0')!.overall).toBe('overall');
  });
});
