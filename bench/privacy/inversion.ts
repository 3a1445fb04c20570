/**
 * Attack 2's arithmetic: the R-7 percentiles p10 … p90 of five values give the values
 * back. With n = 5, h = (n − 1)·p = 4p, so p25, p50 and p75 are the 2nd, 3rd and 4th
 * values, p10 = x0 + 0.4 (x1 − x0) and p90 = x3 + 0.6 (x4 − x3).
 */
export function scoresOfFive(p: { p10: number; p25: number; p50: number; p75: number; p90: number }): number[] {
  return [(p.p10 - 0.4 * p.p25) / 0.6, p.p25, p.p50, p.p75, (p.p90 - 0.4 * p.p75) / 0.6];
}
