/**
 * `benchmarks:rebuild`: recomputes every contribution and cell from the stored
 * submissions and participation records, in memory, then replaces the stored ones.
 * Run it with the aggregator paused (the stream event source disabled): folds that
 * land during the rewrite would be overwritten; re-enabling replays them safely.
 */
import { foldFromScratch } from '../core/benchmark/contributions';
import { countsInBenchmarks } from '../core/verification/verification';
import { scoredOf } from './aggregation';
import type { BenchmarkMaintenanceStore } from './ports';

export interface RebuildProgress {
  phase: 'reading' | 'writing';
  done: number;
  total?: number;
}

export async function computeFromSubmissions(store: BenchmarkMaintenanceStore, onRead?: (count: number) => void) {
  let read = 0;
  const submissions = await store.scanSubmissions((n) => {
    read += n;
    onRead?.(read);
  });
  const participation = await store.scanParticipation();
  return foldFromScratch(submissions.map(scoredOf), (org) => countsInBenchmarks(participation.get(org)));
}

export async function rebuildBenchmarks(store: BenchmarkMaintenanceStore, progress?: (p: RebuildProgress) => void) {
  const { contributions, cells } = await computeFromSubmissions(store, (done) => progress?.({ phase: 'reading', done }));
  await store.replaceAll(contributions, cells, (done, total) => progress?.({ phase: 'writing', done, total }));
  return { contributions: contributions.length, cells: cells.size };
}
