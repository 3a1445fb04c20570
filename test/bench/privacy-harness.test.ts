/**
 * The attack harness's own arithmetic (bench/privacy/): if it were wrong, `npm run
 * bench:privacy` would report attacks as defeated that are not. The percentile inversion
 * recovers five scores from the exact percentiles the sort-based reference computes, and
 * the error figures score withheld trials as the attacker's blind guesses, and the victims
 * the harness attacks by default are spread enough that a blind guess is a poor one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribution } from '../reference/sort-reference';
import { figuresOf } from '../../bench/privacy/error-figures';
import { scoresOfFive } from '../../bench/privacy/inversion';
import { halfLevelBin, priorOf } from '../../bench/privacy/population';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';

describe('scoresOfFive', () => {
  it('gives back five two-decimal scores from their R-7 percentiles, within rounding', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 5, maxLength: 5 }), (bins) => {
        const scores = bins.map((b) => b / 100).sort((a, b) => a - b);
        const recovered = scoresOfFive(distribution(scores));
        // The percentiles are rounded to two decimals; p10 and p90 divide that by 0.6.
        recovered.forEach((value, i) => {
          expect(Math.abs(value - scores[i]!)).toBeLessThanOrEqual(0.0085 / 0.6 + 1e-9);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('figuresOf', () => {
  const prior = { median: 2.3, modeBin: 4, modeBinRate: 0.4, medianError: 0.3 };

  it('measures exact estimates as a defeated defence', () => {
    const figures = figuresOf(
      [
        { truth: 3.12, estimate: 3.12 },
        { truth: 1.4, estimate: 1.41 },
        { truth: 4.9, estimate: 4.9 },
      ],
      prior,
    );
    expect(figures).toMatchObject({ trials: 3, withheld: 0, binHitRate: 1, passes: false });
    expect(figures.medianAbsoluteError).toBeCloseTo(0, 10);
  });

  it('scores a withheld trial with the blind guesses: the prior median and the most likely bin', () => {
    const figures = figuresOf(
      [
        { truth: 2.1, estimate: null },
        { truth: 4.6, estimate: null },
        { truth: 0.2, estimate: null },
      ],
      prior,
    );
    expect(figures.withheld).toBe(3);
    expect(figures.medianAbsoluteError).toBeCloseTo(2.1, 10);
    expect(figures.binHitRate).toBeCloseTo(1 / 3, 10);
    expect(halfLevelBin(2.1)).toBe(prior.modeBin);
    expect(figures.passes).toBe(true);
  });
});

describe('priorOf', () => {
  const catalogue = loadCatalogue();
  const questionnaire = catalogue.get('agent-identity', catalogue.list().find((q) => q.id === 'agent-identity')!.latest);

  it('makes the blind guess a poor one for spread victims, and a close one for demo-like victims', () => {
    const spread = priorOf(questionnaire, 'spread', 2_000);
    const demo = priorOf(questionnaire, 'demo', 2_000);
    // Spread victims: the 0.5 error bar lies well inside what a blind guess misses by.
    expect(spread.medianError).toBeGreaterThan(0.8);
    expect(spread.modeBinRate).toBeLessThan(0.3);
    // Demo-like victims cluster: a blind guess comes close to the bar (why spread is the default).
    expect(demo.medianError).toBeLessThan(0.8);
    expect(demo.medianError).toBeLessThan(spread.medianError / 2);
    expect(demo.modeBinRate).toBeGreaterThan(spread.modeBinRate);
  });
});
