/** Latencies and outcomes per operation, and their percentiles. */

export interface OperationSummary {
  operation: string;
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<string, number>>();

  record(operation: string, ms: number, status: number): void {
    if (!this.samples.has(operation)) this.samples.set(operation, []);
    this.samples.get(operation)!.push(ms);
    const counts = this.statuses.get(operation) ?? new Map<string, number>();
    this.statuses.set(operation, counts);
    const key = status === 0 ? 'network error' : String(status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  count(predicate: (status: string) => boolean): number {
    let total = 0;
    for (const counts of this.statuses.values()) for (const [status, n] of counts) if (predicate(status)) total += n;
    return total;
  }

  summary(seconds: number): OperationSummary[] {
    return [...this.samples].map(([operation, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        operation,
        count: values.length,
        perSecond: values.length / seconds,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        statuses: Object.fromEntries(this.statuses.get(operation) ?? []),
      };
    });
  }
}
