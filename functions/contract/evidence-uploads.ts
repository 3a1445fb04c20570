/**
 * Large evidence files through an upload (issue 20, docs/evidence.md, "Large files"): the
 * client asks for an upload, PUTs the file to the URL it gets (S3 in AWS, the local server
 * otherwise), then asks for its import. The file waits only until then.
 */
import { z } from 'zod';
import { EvidenceFormat } from './evidence';

/** The largest file an upload takes (bytes): 200 MiB. */
export const MAX_EVIDENCE_UPLOAD_BYTES = 200 * 1024 * 1024;
/** How long the upload URL stays valid (seconds). */
export const EVIDENCE_UPLOAD_URL_SECONDS = 15 * 60;
/** How long after it was prepared an upload can still be imported (seconds). */
export const EVIDENCE_UPLOAD_IMPORT_SECONDS = 60 * 60;

/** A file's name as the uploader's system gave it: no path, no control characters. */
export const EvidenceFileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), {
    message: 'a file name without a path or control characters',
  });

export const PrepareEvidenceUploadRequest = z
  .strictObject({
    format: EvidenceFormat.describe('what the file is (decides its reader and the content type to PUT it with)'),
    fileName: EvidenceFileName.describe('the name of the file (stored, and named in the evidence sentences), e.g. credential-report.csv'),
    bytes: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .describe(`the file's exact size in bytes; at most ${MAX_EVIDENCE_UPLOAD_BYTES} (200 MiB), more answers 413 \`payload_too_large\``),
  })
  .meta({ id: 'PrepareEvidenceUploadRequest' });
export type PrepareEvidenceUploadRequest = z.infer<typeof PrepareEvidenceUploadRequest>;

export const PreparedEvidenceUploadSchema = z
  .object({
    uploadId: z.string().describe('names the upload in `POST /v1/assessments/{id}/evidence/uploads/{uploadId}/import`'),
    url: z
      .string()
      .describe(
        'where to PUT the file: an S3 pre-signed URL in AWS, the local server otherwise; it carries its own authorization (send no AIM credentials to it)',
      ),
    method: z.literal('PUT'),
    headers: z
      .record(z.string(), z.string())
      .describe('headers the PUT must carry exactly as given (the content type; in AWS the server-side encryption header, which the URL signs)'),
    expiresAt: z.string().describe('when the URL stops accepting the file (ISO 8601)'),
    importBy: z.string().describe('when the upload can no longer be imported (ISO 8601); the file is removed by then at the latest'),
    bytes: z.number().int().describe('the size declared: the PUT must send exactly these bytes'),
    maxBytes: z.number().int().describe('the largest file an upload takes'),
  })
  .meta({ id: 'EvidenceUpload' });
export type PreparedEvidenceUpload = z.infer<typeof PreparedEvidenceUploadSchema>;
