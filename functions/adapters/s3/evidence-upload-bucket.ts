/**
 * Large evidence files in S3 (AWS; docs/evidence.md, "Large files"): the client PUTs the file
 * to a pre-signed URL, the evidence function reads it back as a stream and deletes it. The
 * bucket (infra/lib/evidence-uploads.ts) is encrypted, private, TLS only, and expires what
 * an import never took after a day.
 *
 * The URL signs the content type, the exact length (S3 refuses a body of another size) and
 * the server-side encryption header, which stays a header (S3 ignores it as a query
 * parameter): the client sends the headers `prepare` answers, exactly.
 *
 * The presigner (@aws-sdk/s3-request-presigner, pinned like client-s3) is not bundled: the
 * functions leave @aws-sdk/* to the Lambda runtime's SDK (docs/deploy.md, "AWS SDK"), whose
 * Node.js runtimes ship the presigner with the clients. It is loaded when the first URL is
 * signed, so a runtime without it would fail that request only, never the function's start.
 */
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { EvidenceUploadStore, OpenedEvidenceUpload } from '../../services/ports';

/** The encryption every upload is written with (the bucket's default too). */
export const UPLOAD_ENCRYPTION = 'AES256';

export class S3EvidenceUploads implements EvidenceUploadStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static create(settings: { bucket: string; region: string; instrument?: (client: S3Client) => S3Client }): S3EvidenceUploads {
    // Checksums only when S3 requires them: a pre-signed PutObject would otherwise sign the
    // checksum of an empty body, and every upload of a real file would then fail.
    const client = new S3Client({ region: settings.region, requestChecksumCalculation: 'WHEN_REQUIRED' });
    return new S3EvidenceUploads(settings.instrument ? settings.instrument(client) : client, settings.bucket);
  }

  async prepare(key: string, contentType: string, expiresInSeconds: number, bytes: number) {
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const signedAt = this.now();
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: bytes, ServerSideEncryption: UPLOAD_ENCRYPTION }),
      {
        expiresIn: expiresInSeconds,
        signingDate: signedAt,
        // Signed, so that the PUT must carry them as given.
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(['x-amz-server-side-encryption']),
      },
    );
    return {
      url,
      method: 'PUT' as const,
      // content-length is the browser's to set (from the file it sends): not listed.
      headers: { 'content-type': contentType, 'x-amz-server-side-encryption': UPLOAD_ENCRYPTION },
      expiresAt: new Date(signedAt.getTime() + expiresInSeconds * 1000).toISOString(),
    };
  }

  async open(key: string): Promise<OpenedEvidenceUpload | undefined> {
    let body: Readable;
    let bytes: number;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = object.Body as Readable;
      bytes = object.ContentLength ?? 0;
    } catch (error) {
      // Without s3:ListBucket (which the function is not given) S3 answers a missing key with 403, not 404.
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (error instanceof NoSuchKey || status === 404 || status === 403) return undefined;
      throw error;
    }
    return streamed(body, bytes);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The object's body as chunks, read as the import asks for them. */
function streamed(body: Readable, bytes: number): OpenedEvidenceUpload {
  return {
    bytes,
    close: () => body.destroy(),
    async *[Symbol.asyncIterator]() {
      for await (const chunk of body) yield chunk as Uint8Array;
    },
  };
}
