/**
 * Large evidence files through an upload (issue 20, docs/evidence.md, "Large files"): the
 * route definitions, documented by the API app with the other evidence routes, and their
 * handlers in the evidence app (the evidence Lambda in AWS, the local server otherwise).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { EvidenceImportSchema, MAX_EVIDENCE_UPLOAD_BYTES, PreparedEvidenceUploadSchema, PrepareEvidenceUploadRequest } from '../../contract';
import type { EvidenceUploadService } from '../../services/evidence-uploads';
import { authenticate, type AppDeps } from '../context';
import { authProblems, bodyProblems, createdContent, problemContent, signedIn } from '../schemas';
import { FILE_TYPES } from './evidence-routes';

const tags = ['evidence'];
const security = signedIn;
const IdParam = z.object({ id: z.string().min(1).max(80).openapi({ description: "the assessment's id" }) });
const UploadParams = IdParam.extend({
  uploadId: z.string().min(1).max(80).openapi({ description: 'the upload, as `POST /v1/assessments/{id}/evidence/uploads` named it' }),
});

export const prepareEvidenceUploadRoute = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/evidence/uploads',
  operationId: 'prepareEvidenceUpload',
  tags,
  summary: 'Prepare the upload of a file too large for the request body: where to PUT it',
  description: `For files over the request body limit (up to ${MAX_EVIDENCE_UPLOAD_BYTES} bytes, 200 MiB): answers a URL to PUT the file to (an S3 pre-signed URL in AWS, the local server otherwise) with the headers to send exactly (the content type of the format, text/csv or application/json, and in AWS the server-side encryption header), valid for 15 minutes; the PUT must send exactly \`bytes\` bytes and no AIM credentials. Then \`POST /v1/assessments/{id}/evidence/uploads/{uploadId}/import\` imports it, within an hour. The upload is bound to the organisation, the assessment, the format, the file name and the size given here. The same callers and checks as a direct import (owners and respondents, into a draft they reach); nothing is audited until the import. A size over the maximum answers 413 \`payload_too_large\` (pointer \`/body/bytes\`).`,
  security,
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: PrepareEvidenceUploadRequest } } },
  },
  responses: {
    ...bodyProblems,
    201: createdContent(
      PreparedEvidenceUploadSchema,
      'the upload: its id, the URL to PUT the file to and until when',
      '/v1/assessments/{id}/evidence, where its import will be listed',
    ),
    400: problemContent(
      '`validation_failed`: an unknown format, a file name that is empty, over 200 characters or holds a path separator or control character, a size that is not a positive whole number',
    ),
    404: problemContent("no such assessment in the organisation, or one outside the caller's scope"),
    409: problemContent('`assessment_not_draft`: the assessment is submitted (reopen it to start a draft)'),
    413: problemContent(
      `\`payload_too_large\`: \`bytes\` is over ${MAX_EVIDENCE_UPLOAD_BYTES} (pointer \`/body/bytes\`), or the body is larger than the limit (AIM_MAX_BODY_BYTES)`,
    ),
    ...authProblems,
  },
});

export const importEvidenceUploadRoute = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/evidence/uploads/{uploadId}/import',
  operationId: 'importEvidenceUpload',
  tags,
  summary: 'Import an uploaded file: the same import, record and problems as a file sent in the request',
  description:
    "Reads the file PUT to the upload's URL as a stream, with the format and file name given when the upload was prepared, exactly as `POST /v1/assessments/{id}/evidence` reads a file sent in its body: the same 201 import record (audited as `evidence.import`), or the same problems (422 `evidence_unreadable` with each problem by row and column or JSON pointer). The file is removed whatever the outcome, and the upload can be imported once. An upload that is unknown, of another organisation or assessment, past its hour, already imported, or to which nothing has been uploaded yet answers 404 (the last may be imported once the PUT has been made). A file larger than the size declared answers 413. The same callers and checks as a direct import.",
  security,
  request: { params: UploadParams },
  responses: {
    201: createdContent(EvidenceImportSchema, 'the import record', '/v1/assessments/{id}/evidence, where the import is listed'),
    404: problemContent(
      "no such assessment or upload in the organisation (or outside the caller's scope), an upload past its hour or already imported, or nothing uploaded yet",
    ),
    409: problemContent('`assessment_not_draft`: the assessment is submitted (reopen it to start a draft)'),
    413: problemContent('`payload_too_large`: the uploaded file is larger than the size declared'),
    422: problemContent('`evidence_unreadable`: the file cannot be imported; `errors` names every problem (at most 100) by row and column or JSON pointer'),
    ...authProblems,
  },
});

export const evidenceUploadRoutes = [prepareEvidenceUploadRoute, importEvidenceUploadRoute];

export type EvidenceUploadAppDeps = AppDeps & { evidenceUploads: EvidenceUploadService };

export function registerEvidenceUploadRoutes(app: OpenAPIHono, deps: EvidenceUploadAppDeps) {
  app.openapi(prepareEvidenceUploadRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const request = c.req.valid('json');
    const upload = await deps.evidenceUploads.prepare(principal, c.req.valid('param').id, { ...request, contentType: FILE_TYPES[request.format]! });
    return c.json(upload, 201, { Location: `/v1/assessments/${c.req.valid('param').id}/evidence` });
  });
  app.openapi(importEvidenceUploadRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { id, uploadId } = c.req.valid('param');
    const record = await deps.evidenceUploads.import(principal, id, uploadId);
    return c.json(record, 201, { Location: `/v1/assessments/${record.assessmentId}/evidence` });
  });
}
