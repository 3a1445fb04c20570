/**
 * The local server's stand-in for S3's pre-signed PUT (docs/evidence.md, "Large files"):
 * `PUT /v1/evidence/uploads/{token}?bytes&expires&signature` writes the body into the
 * upload directory. It takes no AIM credentials: the URL's signature is its authorization,
 * as with S3. Mounted before the apps, so that the request body limit (a file here may be up
 * to the upload maximum) does not apply; the route enforces the size the URL signs instead.
 * Not in the OpenAPI document: the URL is opaque to clients, and in AWS it is S3's.
 */
import type { Hono } from 'hono';
import { problem } from '../http/problems';
import { sendProblem } from '../http/app';
import { type DirectoryEvidenceUploads, LOCAL_UPLOAD_PATH, UploadRefused } from '../adapters/files/evidence-upload-directory';
import { bodyChunks } from '../http/body-chunks';

export function registerLocalUploadRoute(root: Hono, uploads: DirectoryEvidenceUploads): void {
  root.put(`${LOCAL_UPLOAD_PATH}/:token`, async (c) => {
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    let signed: ReturnType<DirectoryEvidenceUploads['verify']>;
    try {
      signed = uploads.verify(c.req.param('token'), c.req.query(), c.req.header('content-type'));
    } catch (error) {
      if (!(error instanceof UploadRefused)) throw error;
      // The body is not read: the client should not reuse the connection.
      c.header('connection', 'close');
      return sendProblem(c, problem('forbidden', error.message));
    }
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) !== signed.bytes) {
      c.header('connection', 'close');
      return sendProblem(
        c,
        Number(declared) > signed.bytes
          ? problem('payload_too_large', `this upload URL takes exactly ${signed.bytes} bytes`)
          : problem('validation_failed', `this upload URL takes exactly ${signed.bytes} bytes`, [
              { pointer: '/body', message: `exactly ${signed.bytes} bytes` },
            ]),
      );
    }
    try {
      await uploads.write(signed, bodyChunks(c.req.raw.body));
    } catch (error) {
      if (!(error instanceof UploadRefused)) throw error;
      c.header('connection', 'close');
      return sendProblem(
        c,
        error.reason === 'too-large'
          ? problem('payload_too_large', error.message)
          : problem('validation_failed', error.message, [{ pointer: '/body', message: error.message }]),
      );
    }
    return c.body(null, 200);
  });
}
