import { describe, expect, it } from 'vitest';
import { composeEquivalences, equivalencesBetween, stepEquivalences, type Equivalence } from './equivalences';
import { demoV1, demoV11, parseQuestionnaire } from './versioning-fixture';

const v1 = parseQuestionnaire(demoV1());
const v11 = parseQuestionnaire(demoV11());
const byPair = (list: Equivalence[]) => Object.fromEntries(list.map((e) => [`${e.from}->${e.to}`, e]));

describe('stepEquivalences', () => {
  const equivalences = byPair(stepEquivalences(v1, v11));

  it('keeps a question whose id the migration does not mention, with options by identical id', () => {
    expect(equivalences['a-choice->a-choice']).toEqual({
      from: 'a-choice',
      to: 'a-choice',
      declared: false,
      options: { a1: 'a1', a2: 'a2', a3: 'a3', a4: 'a4', a5: 'a5' },
    });
    expect(equivalences['b-number->b-number']).toMatchObject({ options: {}, declared: false });
  });

  it('splits one question into two through its declared equivalences', () => {
    expect(equivalences['a-split->a-split-first']).toMatchObject({ declared: true, options: { none: 'no', 'first-only': 'yes', both: 'yes' } });
    expect(equivalences['a-split->a-split-second']).toMatchObject({ declared: true, options: { none: 'no', both: 'yes' } });
  });

  it('maps listed options and carries the rest by identical id', () => {
    expect(equivalences['b-multi->b-multi']?.options).toEqual({ m1: 'm1', m2: 'm2', m3: 'm3', m4: 'm4', m5: 'm-top' });
  });

  it('has nothing for removed questions or from added ones', () => {
    expect(Object.keys(equivalences).filter((k) => k.includes('b-gone') || k.includes('b-new'))).toEqual([]);
  });
});

describe('composeEquivalences', () => {
  it('follows A → B → C, dropping options that lose their equivalent on the way', () => {
    const first: Equivalence[] = [{ from: 'q', to: 'r', options: { x: 'y', z: 'z' }, declared: false }];
    const second: Equivalence[] = [
      { from: 'r', to: 's', options: { y: 'w' }, declared: true },
      { from: 'r', to: 't', options: { z: 'z' }, declared: true },
    ];
    expect(composeEquivalences(first, second)).toEqual([
      { from: 'q', to: 's', options: { x: 'w' }, declared: true },
      { from: 'q', to: 't', options: { z: 'z' }, declared: true },
    ]);
  });
});

describe('equivalencesBetween', () => {
  const v12 = parseQuestionnaire({ ...demoV11(), version: '1.2.0', migration: { from: '1.1.0', questions: [], removed: [], added: [] } });
  const lookup = (version: string) => [v1, v11, v12].find((q) => q.version === version);

  it('chains migrations across versions', () => {
    const chain = equivalencesBetween(v1, v12, lookup);
    expect(chain.ok && chain.path).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(chain.ok && byPair(chain.equivalences)['a-split->a-split-second']?.options).toEqual({ none: 'no', both: 'yes' });
  });

  it('is the identity from a version to itself', () => {
    const chain = equivalencesBetween(v1, v1, lookup);
    expect(chain.ok && chain.equivalences.every((e) => e.from === e.to)).toBe(true);
    expect(chain.ok && chain.equivalences).toHaveLength(v1.questions.length);
  });

  it('says why when a version on the way declares no migration', () => {
    const orphan = parseQuestionnaire({ ...demoV11(), version: '2.0.0', migration: undefined });
    const chain = equivalencesBetween(v1, orphan, lookup);
    expect(chain).toEqual({ ok: false, message: expect.stringContaining('2.0.0 declares no migration') });
  });

  it('refuses a chain that skips past the older version', () => {
    const skipping = parseQuestionnaire({ ...demoV11(), version: '2.0.0', migration: { from: '1.0.0', questions: [], removed: [], added: [] } });
    const chain = equivalencesBetween(v11, skipping, lookup);
    expect(chain).toEqual({ ok: false, message: expect.stringContaining('older than 1.1.0') });
  });
});
