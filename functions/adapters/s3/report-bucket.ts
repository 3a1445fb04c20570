/**
 * Stored reports in AWS (issue 21): one object per report variant in the report bucket
 * (infra/lib/report-storage.ts: KMS-encrypted, private, TLS only), at
 * `reports/<organisation>/<assessment>/<variant>.pdf`. What the download's headers need
 * travels in the object's metadata (`x-amz-meta-aim-report`, base64url JSON), so one
 * GetObject serves a download.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { ReportFileStore, StoredReport, StoredReportKey, StoredReportMeta } from '../../services/report-files';

export const REPORT_PREFIX = 'reports/';
const META = 'aim-report';

export const reportObjectKey = (key: StoredReportKey) =>
  `${REPORT_PREFIX}${encodeURIComponent(key.organisationId)}/${encodeURIComponent(key.assessmentId)}/${encodeURIComponent(key.variant)}.pdf`;

export class S3ReportFiles implements ReportFileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  static create(settings: { bucket: string; region: string }): S3ReportFiles {
    return new S3ReportFiles(new S3Client({ region: settings.region }), settings.bucket);
  }

  async get(key: StoredReportKey): Promise<StoredReport | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: reportObjectKey(key) }));
      const encoded = object.Metadata?.[META];
      if (!encoded || !object.Body) return undefined;
      const meta = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as StoredReportMeta;
      return { meta, pdf: await object.Body.transformToByteArray() };
    } catch (error) {
      // The function may list the prefix (infra), so a missing report answers 404 NoSuchKey rather than 403.
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async put(key: StoredReportKey, report: StoredReport): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: reportObjectKey(key),
        Body: report.pdf,
        ContentType: 'application/pdf',
        Metadata: { [META]: Buffer.from(JSON.stringify(report.meta), 'utf8').toString('base64url') },
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  }
}
