/**
 * Large evidence files through an upload (issue 20, docs/evidence.md, "Large files"): files
 * over the request body limit are PUT to a pre-signed URL (S3 in AWS, a directory of the
 * data dir locally) and then imported from there as a stream, by the same EvidenceService
 * import as a file sent in the request. The object is removed whatever the import's
 * outcome; a small item (EVIDENCEUPLOAD#<uploadId>, with a TTL) binds the upload to its
 * organisation, assessment, format, file name and size.
 */
import type { Principal } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import {
  EVIDENCE_UPLOAD_IMPORT_SECONDS,
  EVIDENCE_UPLOAD_URL_SECONDS,
  type EvidenceFormat,
  type EvidenceImport,
  MAX_EVIDENCE_UPLOAD_BYTES,
  type PreparedEvidenceUpload,
  type PrepareEvidenceUploadRequest,
} from '../contract';
import type { EvidenceService } from './evidence';
import { draftForEvidence } from './evidence-draft';
import type { AssessmentStore, Clock, EvidenceUploadStore, IdSource, PendingEvidenceUpload, PendingEvidenceUploadStore } from './ports';

export interface EvidenceUploadServiceDeps {
  evidence: Pick<EvidenceService, 'import'>;
  assessments: Pick<AssessmentStore, 'get'>;
  /** The prepared uploads (DynamoDB items). */
  pending: PendingEvidenceUploadStore;
  /** Where the files wait: undefined when this deployment has no upload storage configured. */
  objects: EvidenceUploadStore | undefined;
  clock: Clock;
  ids: IdSource;
  /** The largest file an upload takes (default MAX_EVIDENCE_UPLOAD_BYTES). */
  maxBytes?: number;
}

/** The object key of an upload: it names the organisation and the assessment, so a key never serves another. */
export const UPLOAD_PREFIX = 'evidence-uploads/';
export const evidenceUploadObjectKey = (organisationId: string, assessmentId: string, uploadId: string) =>
  `${UPLOAD_PREFIX}${organisationId}/${assessmentId}/${uploadId}`;

const uploadNotFound = () => notFound('upload');

function tooLarge(bytes: number, maxBytes: number): DomainError {
  return new DomainError('payload_too_large', `an upload takes at most ${maxBytes} bytes; this file has ${bytes}`, [
    { field: ['bytes'], message: `at most ${maxBytes} bytes` },
  ]);
}

const overDeclared = (limit: number) =>
  new DomainError('payload_too_large', `the uploaded file is larger than the ${limit} bytes declared; nothing was stored`, [
    { in: 'subject', field: ['bytes'], message: `more than the ${limit} bytes declared` },
  ]);

/** Passes the chunks on while they stay within `limit` bytes; more is refused (413) without reading further. */
async function* bounded(chunks: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of chunks) {
    seen += chunk.byteLength;
    if (seen > limit) throw overDeclared(limit);
    yield chunk;
  }
}

export class EvidenceUploadService {
  private readonly maxBytes: number;

  constructor(private readonly deps: EvidenceUploadServiceDeps) {
    this.maxBytes = deps.maxBytes ?? MAX_EVIDENCE_UPLOAD_BYTES;
  }

  /** The checks of an import (evidence.import, a draft the caller reaches): an upload is prepared and imported only where a file could be imported directly. */
  private async importable(principal: Principal, assessmentId: string): Promise<string> {
    return (await draftForEvidence(this.deps.assessments, principal, assessmentId)).organisationId;
  }

  private storage(): EvidenceUploadStore {
    if (!this.deps.objects) throw new DomainError('internal_error', 'uploads are not configured on this deployment (AIM_EVIDENCE_UPLOAD_BUCKET)');
    return this.deps.objects;
  }

  /** Prepares an upload of a file of `bytes` bytes: where to PUT it, until when, and the id to import it with. */
  async prepare(principal: Principal, assessmentId: string, request: PrepareEvidenceUploadRequest & { contentType: string }): Promise<PreparedEvidenceUpload> {
    const organisationId = await this.importable(principal, assessmentId);
    if (request.bytes > this.maxBytes) throw tooLarge(request.bytes, this.maxBytes);
    const objects = this.storage();
    const now = this.deps.clock.now();
    const uploadId = this.deps.ids.id();
    const key = evidenceUploadObjectKey(organisationId, assessmentId, uploadId);
    const target = await objects.prepare(key, request.contentType, EVIDENCE_UPLOAD_URL_SECONDS, request.bytes);
    const importBy = new Date(now.getTime() + EVIDENCE_UPLOAD_IMPORT_SECONDS * 1000).toISOString();
    await this.deps.pending.create({
      uploadId,
      organisationId,
      assessmentId,
      format: request.format,
      fileName: request.fileName,
      bytes: request.bytes,
      key,
      createdAt: now.toISOString(),
      createdBy: principal.tokenId,
      urlExpiresAt: target.expiresAt,
      importBy,
    });
    return { uploadId, ...target, importBy, bytes: request.bytes, maxBytes: this.maxBytes };
  }

  /**
   * Imports an uploaded file exactly as EvidenceService.import would the same bytes sent in
   * the request (the same record, the same problems), then removes the file whatever the
   * outcome. An upload of another organisation or assessment, unknown, past `importBy`, or
   * not uploaded yet is 404 (the last may be imported once the PUT has been made).
   */
  async import(principal: Principal, assessmentId: string, uploadId: string): Promise<EvidenceImport> {
    const organisationId = await this.importable(principal, assessmentId);
    const pending = await this.deps.pending.get(organisationId, uploadId);
    if (!pending || pending.assessmentId !== assessmentId) throw uploadNotFound();
    const objects = this.storage();
    if (this.deps.clock.now().getTime() >= Date.parse(pending.importBy)) {
      // Too late (TTL deletion lags): the file goes now rather than at the bucket's backstop.
      await this.discard(objects, pending);
      throw uploadNotFound();
    }
    const opened = await objects.open(pending.key);
    if (!opened) throw new DomainError('not_found', 'nothing has been uploaded for this upload yet: PUT the file to its URL first');
    let taken = false;
    try {
      // Of two imports of one upload, one reads (and removes) it.
      taken = (await this.deps.pending.take(organisationId, uploadId)) !== undefined;
      if (!taken) throw uploadNotFound();
      if (opened.bytes > pending.bytes) throw overDeclared(pending.bytes);
      return await this.deps.evidence.import(principal, assessmentId, {
        format: pending.format as EvidenceFormat,
        fileName: pending.fileName,
        chunks: bounded(opened, pending.bytes),
        // A format read twice (AWS authorization details) reads the stored file again rather than keeping it in memory.
        reread: () => this.reread(objects, pending),
      });
    } finally {
      opened.close();
      // Success or not (a 422 included), the file goes now.
      if (taken) await objects.remove(pending.key);
    }
  }

  private async *reread(objects: EvidenceUploadStore, pending: PendingEvidenceUpload): AsyncGenerator<Uint8Array> {
    const again = await objects.open(pending.key);
    if (!again) throw new DomainError('not_found', 'the uploaded file is gone: upload it again');
    try {
      yield* bounded(again, pending.bytes);
    } finally {
      again.close();
    }
  }

  private async discard(objects: EvidenceUploadStore, pending: PendingEvidenceUpload): Promise<void> {
    await this.deps.pending.take(pending.organisationId, pending.uploadId);
    await objects.remove(pending.key);
  }
}
