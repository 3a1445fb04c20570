import { describe, expect, it } from 'vitest';
import { LogLeakRevoker } from './log-leaks';

describe('LogLeakRevoker', () => {
  it('revokes each secret once, in the background, and idle() waits for it', async () => {
    const revoked: string[] = [];
    const revoker = new LogLeakRevoker({ revoke: async (secret) => void revoked.push(secret) });
    revoker.accept('a');
    revoker.accept('b');
    revoker.accept('a');
    // Nothing runs while the line is being written.
    expect(revoked).toEqual([]);
    await revoker.idle();
    expect(revoked).toEqual(['a', 'b']);
    revoker.accept('a');
    await revoker.idle();
    expect(revoked).toEqual(['a', 'b']);
  });

  it('drops what exceeds the queue in a storm (counted in one warning, without values), and takes it again later', async () => {
    const revoked: string[] = [];
    const logs: Record<string, unknown>[] = [];
    const revoker = new LogLeakRevoker({ revoke: async (secret) => void revoked.push(secret), log: (entry) => logs.push(entry), maxPending: 3 });
    for (const secret of ['s1', 's2', 's3', 's4', 's5']) revoker.accept(secret);
    await revoker.idle();
    expect(revoked).toEqual(['s1', 's2', 's3']);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', dropped: 2 })]);
    revoker.accept('s4');
    await revoker.idle();
    expect(revoked).toContain('s4');
  });

  it('logs a failure without the secret, and tries again when the secret is seen again', async () => {
    let fail = true;
    const logs: Record<string, unknown>[] = [];
    const revoked: string[] = [];
    const revoker = new LogLeakRevoker({
      revoke: async (secret) => {
        if (fail) throw new Error(`table unavailable for ${secret}`);
        revoked.push(secret);
      },
      log: (entry) => logs.push(entry),
    });
    revoker.accept('aim_secret');
    await revoker.idle();
    expect(JSON.stringify(logs)).not.toContain('aim_secret');
    expect(logs).toEqual([expect.objectContaining({ level: 'error' })]);
    fail = false;
    revoker.accept('aim_secret');
    await revoker.idle();
    expect(revoked).toEqual(['aim_secret']);
  });
});
