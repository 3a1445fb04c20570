/**
 * The audit ledger in S3 (AWS): one object per segment under `ledger/<ledger>/`, in a
 * bucket with Object Lock in compliance mode (infra/lib/audit-ledger.ts), so no one, the
 * account's root included, can change or delete a segment before its retention ends.
 * A segment is created only if its key is free (If-None-Match: *): two appenders can
 * never fork a chain.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { AuditLedgerStore, WriteOutcome } from '../../services/ports';

export const LEDGER_PREFIX = 'ledger/';

/** Zero-padded, so that keys list in sequence order. */
export const segmentKey = (ledger: string, sequence: number) => `${LEDGER_PREFIX}${encodeURIComponent(ledger)}/${String(sequence).padStart(12, '0')}.json`;

export class S3AuditLedger implements AuditLedgerStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  static create(settings: { bucket: string; region: string }): S3AuditLedger {
    return new S3AuditLedger(new S3Client({ region: settings.region }), settings.bucket);
  }

  async read(ledger: string, sequence: number): Promise<string | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: segmentKey(ledger, sequence) }));
      return await object.Body?.transformToString('utf-8');
    } catch (error) {
      // NoSuchKey needs s3:ListBucket on the prefix; without it S3 answers 403 and that stays an error.
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async create(ledger: string, sequence: number, text: string): Promise<WriteOutcome> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: segmentKey(ledger, sequence),
          Body: text,
          ContentType: 'application/json',
          IfNoneMatch: '*',
          // Object Lock requires an integrity checksum on every write.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      return 'written';
    } catch (error) {
      // 412: the key exists; 409: a concurrent conditional write to it is in progress.
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) return 'conflict';
      throw error;
    }
  }
}
