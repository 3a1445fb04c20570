import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJose } from './der';

describe('derToJose', () => {
  it('gives the 64-byte r||s that verifies as an IEEE P1363 signature, for many signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      const jose = derToJose(der);
      expect(jose).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('pads short integers and drops sign bytes', () => {
    // r = 0x01 (one byte), s = 0x00 0x80 … (33 bytes with a sign byte).
    const s = [0x00, 0x80, ...new Array(31).fill(0x11)];
    const der = Uint8Array.from([0x30, 3 + 2 + s.length, 0x02, 0x01, 0x01, 0x02, s.length, ...s]);
    const jose = derToJose(der);
    expect(jose[31]).toBe(1);
    expect([...jose.subarray(0, 31)].every((b) => b === 0)).toBe(true);
    expect(jose[32]).toBe(0x80);
  });

  it('refuses what is not a DER ECDSA signature', () => {
    expect(() => derToJose(Uint8Array.from([0x31, 0x00]))).toThrow();
    expect(() => derToJose(Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01]))).toThrow();
    expect(() => derToJose(Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]))).toThrow();
    expect(() => derToJose(createHash('sha256').update('x').digest())).toThrow();
  });
});
