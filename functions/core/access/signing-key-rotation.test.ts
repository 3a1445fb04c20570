import { describe, expect, it } from 'vitest';
import { rotateSigningKey, rotationDue, SigningKeyPointerSchema } from './signing-key-rotation';

const arn = (id: string) => `arn:aws:kms:eu-west-1:123456789012:key/${id}`;
const NOW = '2026-12-03T12:00:00.000Z';

describe('rotateSigningKey', () => {
  it('makes the new key current, keeps the old current as previous and retires the old previous', () => {
    const next = rotateSigningKey({ current: arn('b'), previous: arn('a'), rotatedAt: '2026-11-03T12:00:00.000Z' }, arn('c'), NOW, arn('cdk'));
    expect(next).toEqual({ pointer: { current: arn('c'), previous: arn('b'), rotatedAt: NOW }, retire: arn('a') });
  });

  it('retires nothing on the first rotation, and never the key the stack created', () => {
    const first = rotateSigningKey({ current: arn('cdk'), previous: null, rotatedAt: null }, arn('k1'), NOW, arn('cdk'));
    expect(first).toEqual({ pointer: { current: arn('k1'), previous: arn('cdk'), rotatedAt: NOW }, retire: null });
    const second = rotateSigningKey(first.pointer, arn('k2'), NOW, arn('cdk'));
    expect(second).toEqual({ pointer: { current: arn('k2'), previous: arn('k1'), rotatedAt: NOW }, retire: null });
    expect(rotateSigningKey(second.pointer, arn('k3'), NOW, arn('cdk')).retire).toBe(arn('k1'));
  });

  it('refuses a pointer that does not name KMS keys', () => {
    expect(SigningKeyPointerSchema.safeParse({ current: 'key-1', previous: null, rotatedAt: null }).success).toBe(false);
    expect(SigningKeyPointerSchema.safeParse({ current: arn('a'), previous: null, rotatedAt: null }).success).toBe(true);
  });
});

describe('rotationDue', () => {
  it('rotates the first time and a day later, but not again within an hour (a retried run)', () => {
    expect(rotationDue({ current: arn('cdk'), previous: null, rotatedAt: null }, NOW)).toBe(true);
    const pointer = { current: arn('b'), previous: arn('a'), rotatedAt: '2026-12-03T11:30:00.000Z' };
    expect(rotationDue(pointer, NOW)).toBe(false);
    expect(rotationDue(pointer, '2026-12-03T12:30:00.000Z')).toBe(true);
  });
});
