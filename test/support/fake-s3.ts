/**
 * A local server answering as S3 does for what the audit ledger uses (path-style GET and
 * PUT of one object, PUT with If-None-Match: * refused with 412 when the key exists), for
 * the S3 store and the Lambda bundle to talk to without AWS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  endpoint: string;
  /** Objects by path (`/<bucket>/<key>`). */
  objects: Map<string, Buffer>;
  requests: { method: string; path: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const requests: FakeS3['requests'] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = decodeURIComponent(new URL(req.url!, 'http://s3').pathname);
    requests.push({ method: req.method!, path, headers: req.headers });
    if (req.method === 'PUT') {
      if (req.headers['if-none-match'] === '*' && objects.has(path)) {
        res
          .writeHead(412, { 'content-type': 'application/xml' })
          .end(errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
        return;
      }
      objects.set(path, Buffer.concat(chunks));
      res.writeHead(200, { etag: '"etag"' }).end();
      return;
    }
    const body = objects.get(path);
    if (!body) res.writeHead(404, { 'content-type': 'application/xml' }).end(errorXml('NoSuchKey', 'The specified key does not exist.'));
    else res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
