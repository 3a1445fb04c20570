/**
 * A deterministic RandomSource for tests only, so that a failing statistical test can be
 * replayed from its seed. Not cryptographic: production uses
 * functions/adapters/random/crypto-random.ts.
 *
 * The generator is xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", 2018, https://prng.di.unimi.it/), whose 128-bit state is filled from the
 * seed with SplitMix-style increments of the golden-ratio constant 0x9e3779b9 mixed by
 * MurmurHash3's 32-bit finaliser (Appleby).
 */
import type { RandomSource } from '../random-source';

export function seededRandom(seed: number): RandomSource {
  let seedState = seed | 0;
  const nextSeedWord = (): number => {
    seedState = (seedState + 0x9e3779b9) | 0;
    let z = seedState;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [nextSeedWord(), nextSeedWord(), nextSeedWord(), nextSeedWord()] as [number, number, number, number];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state is a fixed point

  const rotateLeft = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  const nextWord = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s[1], 5), 7), 9) >>> 0;
    const shifted = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= shifted;
    s[3] = rotateLeft(s[3], 11);
    return result;
  };

  return {
    fill(bytes) {
      for (let i = 0; i < bytes.length; i += 4) {
        let word = nextWord();
        for (let j = i; j < Math.min(i + 4, bytes.length); j++) {
          bytes[j] = word & 0xff;
          word >>>= 8;
        }
      }
    },
  };
}
