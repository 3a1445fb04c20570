/** How the figures are made, and what a reader needs to check that the report matches its data. */
import type { BenchmarkInput, Figure, Provenance, ReportInput } from './types';

const figure = (f: Figure | undefined) => (f ? { value: f.value, low: f.low, high: f.high } : undefined);

function cohortOf(c: BenchmarkInput['cohort']) {
  return { questionnaireId: c.questionnaireId, industry: c.industry, sizeBand: c.sizeBand, region: c.region };
}

/**
 * The benchmark figures a report uses, as hashed for provenance: every cohort figure the
 * report prints, with its interval, the release it comes from and the synthetic flag. Only
 * these fields: the same cohort figures always give the same hash, whatever else the caller passed.
 */
export function benchmarkSnapshot(benchmark: BenchmarkInput | undefined) {
  if (!benchmark) return { status: 'unavailable' };
  if (benchmark.suppressed) return { status: 'suppressed', cohort: cohortOf(benchmark.cohort), reason: benchmark.reason };
  const domains: Record<string, { p50: Figure | undefined }> = {};
  for (const [id, d] of Object.entries(benchmark.domains ?? {})) domains[id] = { p50: figure(d.p50) };
  const o = benchmark.overall;
  const r = benchmark.release;
  return {
    status: 'available',
    cohort: cohortOf(benchmark.cohort),
    n: figure(benchmark.n),
    overall: o ? { percentile: figure(o.percentile), p25: figure(o.p25), p50: figure(o.p50), p75: figure(o.p75) } : undefined,
    domains,
    synthetic: benchmark.synthetic,
    release: r ? { date: r.date, period: r.period, epsilon: r.epsilon, confidence: r.confidence } : undefined,
  };
}

/** How the peer figures were made, in one sentence. */
function peerFiguresSentence(benchmark: BenchmarkInput | undefined): string {
  if (!benchmark || benchmark.suppressed) return 'No peer figure is shown in this report.';
  const r = benchmark.release;
  if (!r && benchmark.reference)
    return 'The cohort is the reference population (synthetic organisations calibrated to published surveys, not real peers, docs/benchmarks.md): its figures are exact, computed as docs/benchmarks.md defines them (linear interpolation between sorted scores; your percentile rank is the share of the cohort scoring below, ties counted half).';
  if (!r)
    return 'The cohort is synthetic demo data: its figures are exact, computed as docs/benchmarks.md defines them (linear interpolation between sorted scores; your percentile rank is the share of the cohort scoring below, ties counted half).';
  return `Peer figures come from the differentially private release of ${r.date} (a new release every ${r.period}; the figures stay the same until then): each includes random noise that protects every organisation in the cohort (the whole release costs each organisation ε = ${r.epsilon}), and each is printed with its ${Math.round(r.confidence * 100)}% interval, a range that holds the figure computed without noise with a probability of at least ${Math.round(r.confidence * 100)}%. Your percentile rank is computed from the released histogram, never from other organisations' scores. Your score is said to be below or above a cohort median only when it lies outside the median's interval.`;
}

export function provenance(input: ReportInput): Provenance {
  const { provenance: p, questionnaire, benchmark } = input;
  const k = p.kAnonymity;
  const cohortSynthetic = benchmark && !benchmark.suppressed ? benchmark.synthetic : undefined;
  return {
    ...p,
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    syntheticData: {
      organisation: p.syntheticOrganisation,
      cohort: cohortSynthetic,
      ...(cohortSynthetic && benchmark?.reference ? { reference: true } : {}),
    },
    method: [
      'Each answer shows a maturity level from 1 (ad hoc) to 5 (adaptive); an unanswered scored question counts as 0 and a question marked not applicable does not count.',
      "A domain's score is the weighted mean of its answers' levels, held down by any cap that an answer triggers; its level is the whole part of the score, at least 1.",
      'The overall score is the weighted mean of the domain scores, rounded half up to two decimals.',
      'The cohort holds every verified organisation that submitted the same questionnaire and contributes to benchmarks, each counted once with its latest submission.',
      peerFiguresSentence(benchmark),
      benchmark?.synthetic
        ? `Demo cohorts follow k-anonymity: a cohort with fewer than ${k} organisations, or one withheld to protect another, is never shown.`
        : `A cohort whose released (noisy) count of organisations is below ${p.minimumCohort} is withheld, and no figure about it appears in this report.`,
      'The score gain of a control is the rise of the overall score if every answer that calls for it reached the level the control is recommended below, its caps lifted, other answers unchanged; the gain per effort divides that by 1, 2 or 3 for low, medium or high effort.',
    ],
  };
}
