/**
 * The digests that tie a report to its data (docs/reports.md says how to recompute them):
 * SHA-256 of canonical JSON (keys sorted, no whitespace) of the answers, of the benchmark
 * figures the report used, and of the two together with the questionnaire version.
 */
import { benchmarkSnapshot, type BenchmarkInput } from '../core/report-model';
import type { Answers } from '../core/questionnaire/answers';
import { canonicalJson, sha256 } from './hashing';

export const answersDigest = (answers: Answers) => sha256(canonicalJson(answers));

/**
 * Reference figures (docs/benchmarks.md, "Reference population") add `population: "reference"`
 * to the snapshot, so a report on reference figures never shares a digest with one on a real
 * cohort; every other snapshot, and so every digest recorded before, is unchanged.
 */
export const benchmarkDigest = (benchmark: BenchmarkInput | undefined) => {
  const snapshot = benchmarkSnapshot(benchmark);
  return sha256(canonicalJson(benchmark && !benchmark.suppressed && benchmark.reference ? { ...snapshot, population: 'reference' } : snapshot));
};

export function reportDigest(parts: { answersSha256: string; questionnaireId: string; version: string; benchmarkSha256: string }): string {
  return sha256(
    canonicalJson({
      answers: parts.answersSha256,
      questionnaire: { id: parts.questionnaireId, version: parts.version },
      benchmark: parts.benchmarkSha256,
    }),
  );
}
