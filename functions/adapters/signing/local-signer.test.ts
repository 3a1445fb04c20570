import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { fileSigner } from './local-signer';

const DAY = 86_400_000;

async function verify(token: string, jwks: { keys: object[] }) {
  return (await jwtVerify(token, createLocalJWKSet(jwks as { keys: JWK[] }))).protectedHeader.kid;
}

describe('the local signing key', () => {
  it('is made once, kept (mode 600) and reused', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aim-signer-')), 'key.jwk');
    const first = await fileSigner(file).jwks();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await fileSigner(file).jwks()).toEqual(first);
  });

  it('is replaced once older than the rotation age; the old one stays published for its tokens, then goes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aim-signer-')), 'key.jwk');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { rotateAfterDays: 30, retiredKeyMinutes: 60, now: () => now };
    const before = fileSigner(file, clock);
    const oldToken = await before.sign({ sub: 'agent' });
    const [oldKey] = (await before.jwks()).keys as { kid: string }[];

    // 29 days: the same key.
    now += 29 * DAY;
    expect(((await fileSigner(file, clock).jwks()).keys as { kid: string }[]).map((k) => k.kid)).toEqual([oldKey!.kid]);

    // 30 days: a new key signs; the old one is still published, so its tokens verify.
    now += DAY;
    const rotated = fileSigner(file, clock);
    const newToken = await rotated.sign({ sub: 'agent' });
    const jwks = await rotated.jwks();
    expect(jwks.keys).toHaveLength(2);
    expect(await verify(oldToken, jwks)).toBe(oldKey!.kid);
    const newKid = await verify(newToken, jwks);
    expect(newKid).not.toBe(oldKey!.kid);
    expect(JSON.parse(readFileSync(`${file}.previous`, 'utf8')).kid).toBe(oldKey!.kid);

    // An hour later the old key is gone from the set (its tokens have expired anyway).
    now += 61 * 60_000;
    const later = await fileSigner(file, clock).jwks();
    expect((later.keys as { kid: string }[]).map((k) => k.kid)).toEqual([newKid]);
    await expect(verify(oldToken, later)).rejects.toThrow();
  });

  it('rotates a key kept by an earlier version (no created member) by its file time', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aim-signer-')), 'key.jwk');
    const kid = ((await fileSigner(file).jwks()).keys[0] as { kid: string }).kid;
    const { created: _created, ...legacy } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(legacy), { mode: 0o600 });
    const soon = fileSigner(file, { rotateAfterDays: 30, now: () => Date.now() + DAY });
    expect(((await soon.jwks()).keys[0] as { kid: string }).kid).toBe(kid);
    const late = fileSigner(file, { rotateAfterDays: 30, now: () => Date.now() + 31 * DAY });
    expect(((await late.jwks()).keys as { kid: string }[]).map((k) => k.kid)).toContain(kid);
    expect(((await late.jwks()).keys[0] as { kid: string }).kid).not.toBe(kid);
  });
});
