/**
 * Folds submissions into the benchmark. Delivery is at least once and may be out of
 * order; the store keeps only each organisation's latest submission, so folding the
 * same records twice or in another order gives the same result.
 */
import type { Submission } from './entities';
import type { BenchmarkStore } from './ports';

/** One record of a stream batch, read by the stream adapter. */
export interface StreamedSubmission {
  /** The record's sequence number, reported back for partial batch failures. */
  itemIdentifier: string;
  submission?: Submission;
  /** Set when the record could not be read; it is reported as a failure. */
  error?: string;
}

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export async function foldSubmissions(
  records: readonly StreamedSubmission[],
  benchmarks: BenchmarkStore,
  log?: (entry: Record<string, unknown>) => void,
): Promise<BatchResult> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    // Folding does not depend on order, so one bad record never holds back the others:
    // only the failed ones are reported for a retry.
    try {
      if (record.error || !record.submission) throw new Error(record.error ?? 'empty submission record');
      if (record.submission.contributesToBenchmarks) await benchmarks.recordSubmission(record.submission);
    } catch (error) {
      log?.({ level: 'error', msg: 'could not fold submission', itemIdentifier: record.itemIdentifier, error: String(error) });
      failures.push({ itemIdentifier: record.itemIdentifier });
    }
  }
  return { batchItemFailures: failures };
}
