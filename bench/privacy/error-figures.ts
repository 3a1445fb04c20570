/**
 * How well an attack did, against what the attacker knew without any released figure.
 * Bars (issue 14): the median absolute error of the estimate of the victim's overall
 * score is at least 0.5, and the estimate falls in the victim's half-level bin no more
 * often than the best blind guess (the prior's most likely bin) plus BIN_MARGIN.
 */
import { halfLevelBin, type Prior } from './population';
import type { Outcome } from './attacks';

/** Allowance over the blind guess's hit rate: about two standard errors of a rate near 0.3 over 50 trials. */
export const BIN_MARGIN = 0.13;
export const MIN_MEDIAN_ERROR = 0.5;

export interface AttackFigures {
  trials: number;
  /** Trials in which the platform withheld what the attack needed. */
  withheld: number;
  medianAbsoluteError: number;
  binHitRate: number;
  blindBinHitRate: number;
  passes: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function figuresOf(outcomes: Outcome[], prior: Prior): AttackFigures {
  // Withheld: the attacker is left with its blind guesses.
  const estimates = outcomes.map((o) => ({
    truth: o.truth,
    point: o.estimate ?? prior.median,
    bin: o.estimate === null ? prior.modeBin : halfLevelBin(Math.min(5, Math.max(0, o.estimate))),
  }));
  const medianAbsoluteError = median(estimates.map((e) => Math.abs(e.point - e.truth)));
  const binHitRate = estimates.filter((e) => e.bin === halfLevelBin(e.truth)).length / outcomes.length;
  return {
    trials: outcomes.length,
    withheld: outcomes.filter((o) => o.estimate === null).length,
    medianAbsoluteError,
    binHitRate,
    blindBinHitRate: prior.modeBinRate,
    passes: medianAbsoluteError >= MIN_MEDIAN_ERROR && binHitRate <= prior.modeBinRate + BIN_MARGIN,
  };
}
