import { describe, expect, it } from 'vitest';
import { CohortPositionSchema, releaseInfo, suppressed, type CohortPosition } from '../core/release/figures';
import { benchmarkDigest } from './report-digest';
import { benchmarkInput } from './report-benchmark';

const f = (value: number, low: number, high: number) => ({ value, low, high });
const exact = (value: number) => f(value, value, value);

const released: CohortPosition = {
  cohort: { questionnaireId: 'agent-identity', industry: 'technology', population: 'real' },
  synthetic: false,
  release: releaseInfo('2026-12-01', 'month', '1/2'),
  suppressed: false,
  n: f(41, 37, 45),
  overall: { score: 2.3, percentile: f(62, 48, 75), p25: f(1.9, 1.6, 2.2), p50: f(2.6, 2.3, 2.9), p75: f(3.2, 2.9, 3.5) },
  domains: { access: { score: 3, p50: f(2.9, 0, 5) } },
};

const synthetic: CohortPosition = {
  cohort: { questionnaireId: 'agent-identity', population: 'synthetic' },
  synthetic: true,
  suppressed: false,
  n: exact(40),
  overall: { score: 2.3, percentile: exact(55), p25: exact(1.8), p50: exact(2.2), p75: exact(3) },
  domains: { access: { score: 3, p50: exact(2.5) } },
};

describe('benchmarkInput', () => {
  it('keeps every figure with its interval, the release and the synthetic flag', () => {
    expect(CohortPositionSchema.safeParse(released).success).toBe(true);
    expect(benchmarkInput(released)).toEqual({
      cohort: { questionnaireId: 'agent-identity', industry: 'technology' },
      synthetic: false,
      release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
      suppressed: false,
      n: f(41, 37, 45),
      overall: { percentile: f(62, 48, 75), p25: f(1.9, 1.6, 2.2), p50: f(2.6, 2.3, 2.9), p75: f(3.2, 2.9, 3.5) },
      domains: { access: { p50: f(2.9, 0, 5) } },
    });
  });

  it('keeps which versions each figure pools, for the note beside the figures', () => {
    const pooledVersions = { overall: ['1.1.0'], access: ['1.0.0', '1.1.0'] };
    expect(benchmarkInput({ ...released, pooledVersions })?.pooledVersions).toEqual(pooledVersions);
    expect(benchmarkInput(released)).not.toHaveProperty('pooledVersions');
  });

  it('reads synthetic demo figures as exact, with no release', () => {
    const input = benchmarkInput(synthetic)!;
    expect(input.synthetic).toBe(true);
    expect(input.release).toBeUndefined();
    expect(input.n).toEqual(exact(40));
    expect(input.domains).toEqual({ access: { p50: exact(2.5) } });
  });

  it('keeps a suppressed cohort to its description and reason', () => {
    const input = benchmarkInput({
      cohort: released.cohort,
      synthetic: false,
      release: released.release,
      suppressed: true,
      reason: 'fewer than 5 organisations',
    });
    expect(input).toEqual({
      cohort: { questionnaireId: 'agent-identity', industry: 'technology' },
      synthetic: false,
      release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
      suppressed: true,
      reason: 'fewer than 5 organisations',
    });
  });

  it("reads the release module's own suppressed answer", () => {
    const input = benchmarkInput(suppressed({ cohort: { questionnaireId: 'agent-identity', population: 'real' }, synthetic: false }, 'too few organisations'));
    expect(input).toEqual({ cohort: { questionnaireId: 'agent-identity' }, synthetic: false, suppressed: true, reason: 'too few organisations' });
  });

  it('gives no benchmark for a malformed answer or the old shape without intervals', () => {
    expect(benchmarkInput(undefined)).toBeUndefined();
    expect(benchmarkInput({})).toBeUndefined();
    expect(benchmarkInput({ ...released, n: 41 })).toBeUndefined();
    expect(benchmarkInput({ ...released, overall: { ...released.overall, percentile: 62 } })).toBeUndefined();
    expect(benchmarkInput({ ...released, release: { date: '2026-12-01' } })).toBeUndefined();
    // the shape before issue 14
    const old = {
      cohort: { questionnaireId: 'agent-identity' },
      suppressed: false,
      n: 41,
      overall: { p25: 1.9, p50: 2.6, p75: 3.2, percentile: 62 },
      domains: {},
      synthetic: false,
    };
    expect(benchmarkInput(old)).toBeUndefined();
  });
});

describe('benchmarkDigest', () => {
  it('changes with an interval, the release date or the synthetic flag, as they are printed', () => {
    const base = benchmarkDigest(benchmarkInput(released));
    expect(benchmarkDigest(benchmarkInput(released))).toBe(base);
    expect(benchmarkDigest(benchmarkInput({ ...released, n: f(41, 36, 45) }))).not.toBe(base);
    expect(benchmarkDigest(benchmarkInput({ ...released, domains: { access: { score: 3, p50: f(2.9, 0.1, 5) } } }))).not.toBe(base);
    expect(benchmarkDigest(benchmarkInput({ ...released, release: releaseInfo('2026-11-01', 'month', '1/2') }))).not.toBe(base);
    expect(benchmarkDigest(benchmarkInput({ ...released, release: releaseInfo('2026-12-01', 'month', '1') }))).not.toBe(base);
    // The organisation's own scores are not benchmark figures: the answers digest covers them.
    expect(benchmarkDigest(benchmarkInput({ ...released, overall: { ...released.overall, score: 2.4 } }))).toBe(base);
  });
});
