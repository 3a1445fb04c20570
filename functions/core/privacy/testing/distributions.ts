/**
 * Exact (to double precision) probability mass functions of the distributions the
 * samplers claim to draw from, written from their definitions, for the tests to compare
 * against. Test-only.
 */

/** Discrete Laplace with scale t: (1 − q)/(1 + q) · q^{|x|}, q = e^{−1/t}. */
export function discreteLaplacePmf(t: number, x: number): number {
  const q = Math.exp(-1 / t);
  return ((1 - q) / (1 + q)) * q ** Math.abs(x);
}

/** Geometric with P(Y = y) = (1 − e^{−rate})·e^{−rate·y}, y ≥ 0. */
export function geometricPmf(rate: number, y: number): number {
  return y < 0 ? 0 : -Math.expm1(-rate) * Math.exp(-rate * y);
}

/** Discrete Gaussian exp(−x²/(2σ²)) / Σ_z exp(−z²/(2σ²)), the sum taken where terms matter. */
export function discreteGaussianPmf(sigmaSquared: number): (x: number) => number {
  const reach = Math.ceil(40 * Math.sqrt(sigmaSquared)) + 40;
  let normaliser = 0;
  for (let z = -reach; z <= reach; z++) normaliser += Math.exp(-(z * z) / (2 * sigmaSquared));
  return (x) => Math.exp(-(x * x) / (2 * sigmaSquared)) / normaliser;
}

/**
 * Permute-and-Flip's selection probabilities in closed form, by summing over which other
 * candidates come before r in the random order: with coins p_j,
 *   P(r) = p_r · Σ_{S ⊆ others} |S|!·(n−1−|S|)!/n! · Π_{j ∈ S} (1 − p_j).
 * Exponential in n, for small examples only.
 */
export function permuteAndFlipProbabilities(errors: readonly number[], sensitivity: number, epsilon: number): number[] {
  const n = errors.length;
  if (n > 16) throw new RangeError('closed form is for small examples');
  const best = Math.min(...errors);
  const coin = errors.map((e) => Math.exp((-epsilon * (e - best)) / (2 * sensitivity)));
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial.push(factorial[i - 1]! * i);
  return errors.map((_, r) => {
    const others = errors.map((__, j) => j).filter((j) => j !== r);
    let total = 0;
    for (let mask = 0; mask < 1 << others.length; mask++) {
      let size = 0;
      let product = 1;
      others.forEach((j, bit) => {
        if (mask & (1 << bit)) {
          size++;
          product *= 1 - coin[j]!;
        }
      });
      total += ((factorial[size]! * factorial[n - 1 - size]!) / factorial[n]!) * product;
    }
    return coin[r]! * total;
  });
}
