/**
 * Non-negative rationals as a pair of bigints. Privacy parameters (ε, noise scales,
 * quantile levels) are rationals so that every decision a mechanism takes is an exact
 * integer comparison: floating-point noise can leak the noiseless value through its low
 * bits (Mironov 2012, "On significance of the least significant bits for differential
 * privacy"), which is why CKS20 and OpenDP keep parameters rational.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** num/den from integers (number or bigint); rejects negative, fractional or zero-denominator input. */
export function ratio(num: number | bigint, den: number | bigint = 1n): Rational {
  const n = toBigInt(num, 'numerator');
  const d = toBigInt(den, 'denominator');
  if (d <= 0n) throw new RangeError(`denominator must be positive, got ${d}`);
  if (n < 0n) throw new RangeError(`numerator must be non-negative, got ${n}`);
  return { num: n, den: d };
}

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
  return BigInt(value);
}

/** a + b, not reduced. */
export function addRationals(a: Rational, b: Rational): Rational {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compareRationals(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Approximate value, for reports and tests only: never for a decision inside a mechanism. */
export function rationalToNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}

/** "2.5" → 5/2: a non-negative decimal written with digits and at most one point. */
export function decimalToRational(text: string): Rational {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal: "${text}"`);
  const fraction = match[2] ?? '';
  const den = 10n ** BigInt(fraction.length);
  const num = BigInt(match[1]!) * den + BigInt(fraction || '0');
  let a = num;
  let b = den;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? { num: 0n, den: 1n } : { num: num / a, den: den / a };
}

/** "num/den", as stored with a release. */
export const rationalToText = (r: Rational): string => `${r.num}/${r.den}`;

/** The inverse of rationalToText. */
export function rationalFromText(text: string): Rational {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new RangeError(`not a rational "num/den": "${text}"`);
  return ratio(BigInt(match[1]!), BigInt(match[2]!));
}
