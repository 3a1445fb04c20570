/**
 * Rounds half up to two decimals, by decimal digits rather than binary floats: 87/40 is
 * stored as 2.17499999…, but it is 2.175 and must round to 2.18. Scores and benchmark
 * figures all round here.
 */
export function round2(n: number): number {
  return Math.round(Number(`${n.toFixed(10)}e2`)) / 100;
}
