import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEventCanonicalText, auditEventDigest, canonicalForm } from './digest';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const stored = {
  PK: 'ORG#o1',
  SK: 'AUDIT#2026-01-01T00:00:00.000Z#e1',
  type: 'audit',
  id: 'e1',
  organisationId: 'o1',
  at: '2026-01-01T00:00:00.000Z',
  actor: { tokenId: 't1', label: 'owner key', role: 'owner', actorType: 'human' },
  operation: 'assessment.create',
  target: { type: 'assessment', id: 'a1' },
  beforeHash: null,
  afterHash: 'ab',
};

describe('the canonical form of an audit event', () => {
  it('does not depend on the order of attributes, nested ones included', () => {
    const reordered = Object.fromEntries(Object.entries(stored).reverse());
    reordered.actor = { actorType: 'human', role: 'owner', label: 'owner key', tokenId: 't1' };
    expect(auditEventCanonicalText(reordered)).toBe(auditEventCanonicalText(stored));
    expect(auditEventDigest(reordered, sha256)).toBe(auditEventDigest(stored, sha256));
  });

  it('leaves out the table keys but covers every other attribute, new ones too', () => {
    const { PK: _pk, SK: _sk, ...withoutKeys } = stored;
    expect(auditEventDigest(withoutKeys, sha256)).toBe(auditEventDigest(stored, sha256));
    expect(auditEventCanonicalText(stored)).not.toContain('ORG#o1');
    expect(auditEventDigest({ ...stored, correlationId: 'c1' }, sha256)).not.toBe(auditEventDigest(stored, sha256));
  });

  it('changes when any field changes, however deep', () => {
    const digest = auditEventDigest(stored, sha256);
    expect(auditEventDigest({ ...stored, operation: 'assessment.delete' }, sha256)).not.toBe(digest);
    expect(auditEventDigest({ ...stored, actor: { ...stored.actor, role: 'leader' } }, sha256)).not.toBe(digest);
    expect(auditEventDigest({ ...stored, beforeHash: 'x' }, sha256)).not.toBe(digest);
    expect(auditEventDigest({ ...stored, type: 'other' }, sha256)).not.toBe(digest);
  });

  it('is the named form followed by sorted JSON', () => {
    expect(auditEventCanonicalText({ PK: 'p', SK: 's', b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      'aim-audit-event/1\n{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });

  it('writes sets and binary distinctly and refuses what has no stable form', () => {
    expect(canonicalForm(new Set(['b', 'a']))).toBe('{"$set":["a","b"]}');
    expect(canonicalForm(new Set(['b', 'a']))).toBe(canonicalForm(new Set(['a', 'b'])));
    expect(canonicalForm(new Uint8Array([0, 255]))).toBe('{"$binary":"00ff"}');
    expect(canonicalForm({ a: undefined, b: -0 })).toBe('{"b":0}');
    expect(() => canonicalForm(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalForm(new Date())).toThrow(TypeError);
  });
});
