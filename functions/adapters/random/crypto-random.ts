/**
 * The production RandomSource: the operating system's CSPRNG through node:crypto's
 * randomFillSync. Bytes are drawn in blocks of 4 KiB and handed out in order, because the
 * exact samplers ask for one to a few bytes at a time and a system call per byte would
 * dominate a release; buffered bytes are used once and never repeated.
 */
import { randomFillSync } from 'node:crypto';
import type { RandomSource } from '../../core/privacy/random-source';

const BLOCK_BYTES = 4096;

export function cryptoRandomSource(): RandomSource {
  const block = new Uint8Array(BLOCK_BYTES);
  let next = BLOCK_BYTES;
  return {
    fill(bytes) {
      if (bytes.length >= BLOCK_BYTES) {
        randomFillSync(bytes);
        return;
      }
      for (let i = 0; i < bytes.length; i++) {
        if (next === BLOCK_BYTES) {
          randomFillSync(block);
          next = 0;
        }
        bytes[i] = block[next++]!;
      }
    },
  };
}
