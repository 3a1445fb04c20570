/**
 * The audit ledger's two stores (functions/adapters/files, functions/adapters/s3): a
 * segment is created once and never over another, so concurrent appenders cannot fork a
 * chain. The S3 store talks to a local server that answers as S3 does for conditional
 * writes (test/support/fake-s3.ts).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryAuditLedger, segmentFile } from '../../functions/adapters/files/audit-ledger-directory';
import { S3AuditLedger, segmentKey } from '../../functions/adapters/s3/audit-ledger-bucket';
import type { AuditLedgerStore } from '../../functions/services/ports';
import { type FakeS3, startFakeS3 } from '../support/fake-s3';

/** What every ledger store must do. */
function behavesAsALedgerStore(name: string, open: () => AuditLedgerStore) {
  describe(name, () => {
    it('reads back what it created, and nothing where nothing was created', async () => {
      const store = open();
      expect(await store.read('o1', 1)).toBeUndefined();
      expect(await store.create('o1', 1, '{"sequence":1}')).toBe('written');
      expect(await store.read('o1', 1)).toBe('{"sequence":1}');
      expect(await store.read('o1', 2)).toBeUndefined();
      expect(await store.read('o2', 1)).toBeUndefined();
    });

    it('never writes over a segment: a second create of the sequence is a conflict and changes nothing', async () => {
      const store = open();
      expect(await store.create('o3', 1, 'first')).toBe('written');
      expect(await store.create('o3', 1, 'second')).toBe('conflict');
      expect(await store.read('o3', 1)).toBe('first');
    });

    it('lets exactly one of several simultaneous appenders take a sequence number', async () => {
      const store = open();
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => store.create('o4', 1, `writer ${i}`)));
      expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
      const winner = outcomes.indexOf('written');
      expect(await store.read('o4', 1)).toBe(`writer ${winner}`);
    });
  });
}

let dir: string;
let s3: FakeS3;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aim-ledger-store-'));
  s3 = await startFakeS3();
});

afterAll(async () => {
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

behavesAsALedgerStore('the directory store', () => new DirectoryAuditLedger(dir));

behavesAsALedgerStore(
  'the S3 store',
  () =>
    new S3AuditLedger(
      new S3Client({ region: 'eu-west-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
      'ledger-bucket',
    ),
);

describe('where segments go', () => {
  it('leaves segment files read-only, named so that they list in sequence order, and no temporary file behind', async () => {
    const store = new DirectoryAuditLedger(dir);
    await store.create('o5', 12, 'text');
    const file = segmentFile(dir, 'o5', 12);
    expect(file.endsWith(join('o5', '000000000012.json'))).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'o5'))).toEqual(['000000000012.json']);
  });

  it('puts S3 segments under the ledger prefix, conditionally and with a checksum', async () => {
    expect(segmentKey('o6', 3)).toBe('ledger/o6/000000000003.json');
    const put = s3.requests.find((r) => r.method === 'PUT' && r.path === '/ledger-bucket/ledger/o1/000000000001.json');
    expect(put?.headers['if-none-match']).toBe('*');
    expect(Object.keys(put?.headers ?? {}).some((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm')).toBe(true);
  });
});
