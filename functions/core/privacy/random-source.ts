/**
 * The one port through which privacy mechanisms get randomness: a source of uniformly
 * random bytes (a cryptographic one in production, functions/adapters/random; a seeded
 * one in tests, ./testing/seeded-random.ts). Everything random in functions/core/privacy
 * is derived here by exact integer methods, so the mechanisms stay pure: the same bytes
 * give the same release.
 */
export interface RandomSource {
  /** Overwrites every byte of `bytes` with independent uniformly random bytes. */
  fill(bytes: Uint8Array): void;
}

const TWO_POW_32 = 0x1_0000_0000n;

/**
 * A uniform integer in [0, n), unbiased: draws just enough bits to cover n − 1 and
 * rejects draws ≥ n (never `random % n`, whose bias favours small values). Each attempt
 * succeeds with probability > 1/2, so the expected number of attempts is below 2.
 */
export function uniformBelow(source: RandomSource, n: bigint): bigint {
  if (n <= 0n) throw new RangeError(`uniformBelow needs n ≥ 1, got ${n}`);
  if (n === 1n) return 0n;
  if (n <= TWO_POW_32) return BigInt(uniformSmallBelow(source, Number(n)));
  const bits = (n - 1n).toString(2).length;
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const excessBits = BigInt(bytes.length * 8 - bits);
  for (;;) {
    source.fill(bytes);
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    value >>= excessBits;
    if (value < n) return value;
  }
}

/** uniformBelow for 1 ≤ n ≤ 2^32 with plain numbers (the common, faster case). */
export function uniformSmallBelow(source: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`n must be an integer in [1, 2^32], got ${n}`);
  if (n === 1) return 0;
  const bits = 32 - Math.clz32(n - 1);
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const excessBits = bytes.length * 8 - bits;
  for (;;) {
    source.fill(bytes);
    let value = 0;
    for (const byte of bytes) value = value * 256 + byte;
    value = Math.floor(value / 2 ** excessBits);
    if (value < n) return value;
  }
}

/** A fair coin: true with probability exactly 1/2. */
export function fairCoin(source: RandomSource): boolean {
  const byte = new Uint8Array(1);
  source.fill(byte);
  return (byte[0]! & 1) === 1;
}

/** A uniformly random permutation of `items` (Fisher–Yates, Knuth TAOCP vol. 2, Algorithm P). */
export function shuffled<T>(source: RandomSource, items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = uniformSmallBelow(source, i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}
