import { describe, expect, it } from 'vitest';
import agentIdentityDocument from '../../../questionnaires/agent-identity/1.0.0.json';
import { Catalogue } from './catalogue';
import { domainErrorThrownBy } from '../../../test/support/domain-errors';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];

function doc(version: string, status: 'draft' | 'published' | 'retired', overrides: Record<string, unknown> = {}) {
  return {
    id: 'demo',
    version,
    status,
    title: `Demo ${version}`,
    description: `Demo questionnaire, version ${version}`,
    domains: [{ id: 'd', title: 'D', description: 'D', levelDescriptions }],
    questions: [
      {
        id: 'q',
        domain: 'd',
        type: 'yesno',
        prompt: 'Q?',
        options: [
          { id: 'no', label: 'No', level: 1 },
          { id: 'yes', label: 'Yes', level: 5 },
        ],
      },
    ],
    ...overrides,
  };
}

const source = (content: ReturnType<typeof doc>) => ({ source: `questionnaires/${content.id}/${content.version}.json`, content });

describe('Catalogue construction', () => {
  it('accepts the real agent-identity questionnaire', () => {
    const catalogue = new Catalogue([{ source: 'questionnaires/agent-identity/1.0.0.json', content: agentIdentityDocument }]);
    expect(catalogue.getPublished('agent-identity', '1.0.0').questions.length).toBeGreaterThan(0);
  });

  it('throws on an invalid document, naming its source and the problem', () => {
    const bad = { source: 'questionnaires/demo/9.9.9.json', content: { ...doc('9.9.9', 'published'), version: 'nine' } };
    expect(() => new Catalogue([source(doc('1.0.0', 'published')), bad])).toThrow(/questionnaires\/demo\/9\.9\.9\.json.*not a valid questionnaire/s);
    expect(() => new Catalogue([bad])).toThrow(/version/);
  });

  it('throws on a document with an unknown field', () => {
    expect(() => new Catalogue([{ source: 'extra.json', content: { ...doc('1.0.0', 'published'), surprise: true } }])).toThrow(/extra\.json/);
  });

  it('throws when an id and version is defined twice, naming the second source', () => {
    expect(
      () =>
        new Catalogue([
          { source: 'first.json', content: doc('1.0.0', 'published') },
          { source: 'second.json', content: doc('1.0.0', 'draft') },
        ]),
    ).toThrow(/second\.json.*demo@1\.0\.0.*twice/);
  });
});

describe('Catalogue lookups', () => {
  const catalogue = new Catalogue([
    source(doc('1.2.0', 'retired')),
    source(doc('1.10.0', 'published')),
    source(doc('1.9.0', 'published')),
    source(doc('2.0.0', 'draft')),
    source(doc('1.0.0', 'draft', { id: 'only-draft' })),
    source(doc('3.0.0', 'retired', { id: 'all-retired' })),
    source(doc('2.0.0', 'retired', { id: 'all-retired' })),
  ]);

  it('lists the latest published version (compared numerically, drafts left out)', () => {
    const demo = catalogue.list().find((s) => s.id === 'demo');
    expect(demo).toMatchObject({ id: 'demo', latest: '1.10.0', title: 'Demo 1.10.0', description: 'Demo questionnaire, version 1.10.0' });
    expect(demo!.versions).toEqual([
      { version: '1.2.0', status: 'retired' },
      { version: '1.9.0', status: 'published' },
      { version: '1.10.0', status: 'published' },
    ]);
  });

  it('never lists a questionnaire that has only drafts', () => {
    expect(
      catalogue
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual(['all-retired', 'demo']);
  });

  it('falls back to the latest retired version when none is published', () => {
    expect(catalogue.list().find((s) => s.id === 'all-retired')).toMatchObject({ latest: '3.0.0' });
  });

  it('does not serve drafts', () => {
    expect(catalogue.find('demo', '2.0.0')).toBeUndefined();
    expect(domainErrorThrownBy(() => catalogue.get('demo', '2.0.0')).code).toBe('not_found');
    expect(domainErrorThrownBy(() => catalogue.getPublished('only-draft', '1.0.0')).code).toBe('not_found');
  });

  it('serves published and retired versions by id and version', () => {
    expect(catalogue.get('demo', '1.9.0').version).toBe('1.9.0');
    expect(catalogue.get('demo', '1.2.0').status).toBe('retired');
    expect(domainErrorThrownBy(() => catalogue.get('demo', '7.0.0')).code).toBe('not_found');
    expect(domainErrorThrownBy(() => catalogue.get('nothing', '1.0.0')).code).toBe('not_found');
  });

  it('starts new assessments on published versions only: a retired one is a validation error on /body/version', () => {
    expect(catalogue.getPublished('demo', '1.10.0').version).toBe('1.10.0');
    const error = domainErrorThrownBy(() => catalogue.getPublished('demo', '1.2.0'));
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ field: ['version'] });
    expect(error.errors[0]!.in).toBeUndefined();
    expect(error.errors[0]!.message).toContain('retired');
  });
});
