/**
 * Large evidence files on this machine (docs/evidence.md, "Large files"): the local stand-in
 * for the S3 upload bucket, a directory (`<dataDir>/evidence-uploads/`). The URL `prepare`
 * answers points at the local server's `PUT /v1/evidence/uploads/{token}` (functions/local/
 * evidence-upload-route.ts), authorized like a pre-signed URL by what it carries: an
 * HMAC-SHA256 over the object key, content type, size and expiry, with a key that lives in
 * this process only (a restart voids URLs not yet used). The file is written to a temporary
 * name and renamed into place once exactly the bytes signed have arrived.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EvidenceUploadStore, OpenedEvidenceUpload } from '../../services/ports';

/** The route the URLs point at; `{token}` is the object key, base64url. */
export const LOCAL_UPLOAD_PATH = '/v1/evidence/uploads';

export type UploadRefusal = 'signature' | 'expired' | 'content-type' | 'too-large' | 'too-short';

export class UploadRefused extends Error {
  constructor(
    readonly reason: UploadRefusal,
    message: string,
  ) {
    super(message);
  }
}

interface Signed {
  key: string;
  contentType: string;
  bytes: number;
  expires: number;
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export class DirectoryEvidenceUploads implements EvidenceUploadStore {
  private readonly secret: Buffer;

  constructor(
    private readonly dir: string,
    private readonly options: {
      /** The origin the URLs name (the local server, or the web app's when it proxies /v1). */
      baseUrl: () => string;
      now?: () => Date;
      /** The signing key (tests); random per process otherwise. */
      secret?: Buffer;
    },
  ) {
    this.secret = options.secret ?? randomBytes(32);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private file(key: string): string {
    return join(this.dir, encodeURIComponent(key));
  }

  private signature(signed: Signed): Buffer {
    return createHmac('sha256', this.secret).update(['PUT', signed.key, signed.contentType, signed.bytes, signed.expires].join('\n')).digest();
  }

  async prepare(key: string, contentType: string, expiresInSeconds: number, bytes: number) {
    const expires = Math.floor(this.now().getTime() / 1000) + expiresInSeconds;
    const signature = this.signature({ key, contentType, bytes, expires }).toString('base64url');
    const query = new URLSearchParams({ bytes: String(bytes), expires: String(expires), signature });
    return {
      url: `${this.options.baseUrl().replace(/\/+$/, '')}${LOCAL_UPLOAD_PATH}/${base64url(key)}?${query}`,
      method: 'PUT' as const,
      headers: { 'content-type': contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /**
   * Checks a PUT as S3 checks a pre-signed one: the signature over the key, content type, size
   * and expiry; then the time. Answers the object key; throws UploadRefused.
   */
  verify(token: string, query: { bytes?: string; expires?: string; signature?: string }, contentType: string | undefined): Signed {
    const refused = () => new UploadRefused('signature', 'the upload URL is not valid: ask for a new one');
    const key = /^[A-Za-z0-9_-]{1,2000}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
    const bytes = Number(query.bytes);
    const expires = Number(query.expires);
    const given = /^[A-Za-z0-9_-]{43}$/.test(query.signature ?? '') ? Buffer.from(query.signature!, 'base64url') : undefined;
    if (!key || !given || !Number.isSafeInteger(bytes) || bytes < 1 || !Number.isSafeInteger(expires)) throw refused();
    const signed = { key, contentType: (contentType ?? '').trim(), bytes, expires };
    const expected = this.signature(signed);
    // The signature covers the content type sent: another type fails it, as S3's would.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
    if (this.now().getTime() >= expires * 1000) throw new UploadRefused('expired', 'the upload URL has expired: ask for a new one');
    return signed;
  }

  /** Writes the body under the key: exactly `bytes` bytes, else nothing is kept. */
  async write(signed: Signed, body: AsyncIterable<Uint8Array>): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temporary = join(this.dir, `.${randomUUID()}.part`);
    let written = 0;
    try {
      const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
      await pipeline(
        body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            written += chunk.byteLength;
            if (written > signed.bytes) throw new UploadRefused('too-large', `the upload URL takes exactly ${signed.bytes} bytes`);
            yield chunk;
          }
        },
        out,
      );
      if (written !== signed.bytes) throw new UploadRefused('too-short', `the upload URL takes exactly ${signed.bytes} bytes; ${written} arrived`);
      await rename(temporary, this.file(signed.key));
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async open(key: string): Promise<OpenedEvidenceUpload | undefined> {
    const path = this.file(key);
    let bytes: number;
    try {
      bytes = (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stream = createReadStream(path);
    return {
      bytes,
      close: () => stream.destroy(),
      async *[Symbol.asyncIterator]() {
        for await (const chunk of stream) yield chunk as Uint8Array;
      },
    };
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
