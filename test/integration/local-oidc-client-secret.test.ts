/**
 * The client secret AIM shares with the embedded OpenID Provider (`npm start`): kept (mode
 * 600, with its creation time), replaced once AIM_OIDC_CLIENT_SECRET_ROTATION_DAYS old, and
 * the provider then accepts only the new one.
 */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '../../functions/local/identity-provider';
import { rotatingClientSecret } from '../../functions/local/oidc-client-secret';

const DAY = 86_400_000;
let counter = 0;
const generate = () => `secret-${++counter}`;
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'aim-oidc-secret-')), 'oidc-client-secret');

describe('the local OpenID client secret', () => {
  it('is made once with its creation time, kept at mode 600 and reused', () => {
    const file = fileIn();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const first = rotatingClientSecret({ file, rotateAfterDays: 30, generate, now: () => now });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ secret: first.current(), createdAt: '2026-01-01T00:00:00.000Z' });
    expect(rotatingClientSecret({ file, rotateAfterDays: 30, generate, now: () => now }).current()).toBe(first.current());
  });

  it('is replaced once older than the rotation age, by a running process (stepped clock) and at start', () => {
    const file = fileIn();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { file, rotateAfterDays: 30, generate, now: () => now };
    const running = rotatingClientSecret(clock);
    const original = running.current();

    now += 29 * DAY;
    expect(running.rotateIfDue()).toBeUndefined();
    expect(running.current()).toBe(original);

    now += DAY;
    const rotated = running.rotateIfDue();
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(original);
    expect(running.current()).toBe(rotated);
    expect(running.rotateIfDue()).toBeUndefined();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).secret).toBe(rotated);

    // Stopped for longer than the rotation age: the next start registers a new secret.
    now += 31 * DAY;
    const restarted = rotatingClientSecret(clock);
    expect(restarted.current()).not.toBe(rotated);
  });

  it('ages a bare secret written by an earlier version by its file time, and rewrites it as JSON at mode 600', () => {
    const file = fileIn();
    writeFileSync(file, 'legacy-secret\n', { mode: 0o644 });
    const tenDaysAgo = new Date(Date.now() - 10 * DAY);
    utimesSync(file, tenDaysAgo, tenDaysAgo);
    expect(rotatingClientSecret({ file, rotateAfterDays: 30, generate }).current()).toBe('legacy-secret');
    const late = rotatingClientSecret({ file, rotateAfterDays: 30, generate, now: () => Date.now() + 21 * DAY });
    expect(late.current()).not.toBe('legacy-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).secret).toBe(late.current());
  });

  it('is rotated in memory too, without a data directory', () => {
    let now = 0;
    const secret = rotatingClientSecret({ rotateAfterDays: 1, generate, now: () => now });
    const first = secret.current();
    now += DAY;
    expect(secret.rotateIfDue()).not.toBe(first);
  });
});

describe('the embedded provider after a rotation', () => {
  let provider: LocalIdentityProvider | undefined;
  afterEach(async () => {
    await provider?.stop();
    provider = undefined;
  });

  /** The token endpoint's verdict on a client secret: invalid_client, or (authenticated) invalid_grant for the made-up code. */
  async function tokenError(secret: string): Promise<string> {
    const response = await fetch(`${provider!.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`aim-web:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'made-up',
        redirect_uri: 'http://localhost:3999/auth/callback',
        code_verifier: 'v'.repeat(43),
      }),
    });
    return ((await response.json()) as { error: string }).error;
  }

  it('accepts the new secret and refuses the old one, without a restart', async () => {
    provider = await startLocalIdentityProvider({
      port: 0,
      clients: [
        {
          clientId: 'aim-web',
          clientSecret: 'old-secret',
          redirectUris: ['http://localhost:3999/auth/callback'],
          postLogoutRedirectUris: ['http://localhost:3999/'],
        },
      ],
    });
    expect(await tokenError('old-secret')).toBe('invalid_grant');
    provider.setClientSecret('aim-web', 'new-secret');
    expect(await tokenError('new-secret')).toBe('invalid_grant');
    expect(await tokenError('old-secret')).toBe('invalid_client');
    expect(() => provider!.setClientSecret('someone-else', 'x')).toThrow(/no client/);
  });
});
