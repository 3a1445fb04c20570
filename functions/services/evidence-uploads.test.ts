/** The upload service over in-memory stores: what the API test cannot reach in time (an upload past its hour) and the import's edges. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { ManualClock, sequentialIds } from '../../test/support/memory-stores';
import type { EvidenceImport } from '../contract';
import type { EvidenceUpload } from './evidence';
import { EvidenceUploadService } from './evidence-uploads';
import type { EvidenceUploadStore, OpenedEvidenceUpload, PendingEvidenceUpload, PendingEvidenceUploadStore } from './ports';

const owner: Principal = { tokenId: 'owner-1', label: 'owner', role: 'owner', actorType: 'human', organisationId: 'org-1' };
const leader: Principal = { ...owner, tokenId: 'leader-1', role: 'leader' };

class MemoryPending implements PendingEvidenceUploadStore {
  readonly items = new Map<string, PendingEvidenceUpload>();
  async create(upload: PendingEvidenceUpload) {
    this.items.set(`${upload.organisationId}/${upload.uploadId}`, { ...upload });
  }
  async get(organisationId: string, uploadId: string) {
    return this.items.get(`${organisationId}/${uploadId}`);
  }
  async take(organisationId: string, uploadId: string) {
    const item = this.items.get(`${organisationId}/${uploadId}`);
    this.items.delete(`${organisationId}/${uploadId}`);
    return item;
  }
}

class MemoryObjects implements EvidenceUploadStore {
  readonly objects = new Map<string, Uint8Array>();
  closed = 0;
  async prepare(key: string, contentType: string, expiresInSeconds: number) {
    return {
      url: `memory://${key}`,
      method: 'PUT' as const,
      headers: { 'content-type': contentType },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }
  async open(key: string): Promise<OpenedEvidenceUpload | undefined> {
    const data = this.objects.get(key);
    if (!data) return undefined;
    return {
      bytes: data.byteLength,
      close: () => {
        this.closed += 1;
      },
      async *[Symbol.asyncIterator]() {
        // Two chunks, as a stream would hand them.
        yield data.subarray(0, Math.ceil(data.byteLength / 2));
        yield data.subarray(Math.ceil(data.byteLength / 2));
      },
    };
  }
  async remove(key: string) {
    this.objects.delete(key);
  }
}

function world(options: { status?: 'draft' | 'submitted'; read?: (upload: EvidenceUpload) => Promise<EvidenceImport> } = {}) {
  const clock = new ManualClock();
  const pending = new MemoryPending();
  const objects = new MemoryObjects();
  const read: Uint8Array[] = [];
  const imports: EvidenceUpload[] = [];
  const service = new EvidenceUploadService({
    evidence: {
      import: async (_principal, _assessmentId, upload) => {
        imports.push(upload);
        if (options.read) return options.read(upload);
        for await (const chunk of upload.chunks) read.push(chunk);
        return { id: 'import-1' } as EvidenceImport;
      },
    },
    assessments: { get: async (_org, id) => (id === 'a-1' ? ({ id, status: options.status ?? 'draft' } as never) : undefined) },
    pending,
    objects,
    clock,
    ids: sequentialIds('upload'),
    maxBytes: 1000,
  });
  return { clock, pending, objects, service, read, imports };
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('evidence uploads', () => {
  it('binds the upload to its organisation, assessment, format, name and size; the import reads it and removes it', async () => {
    const w = world();
    const prepared = await w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'agents.csv', bytes: 5, contentType: 'text/csv' });
    const item = w.pending.items.get(`org-1/${prepared.uploadId}`)!;
    expect(item).toMatchObject({ organisationId: 'org-1', assessmentId: 'a-1', format: 'aim-template', fileName: 'agents.csv', bytes: 5 });
    expect(item.key).toBe(`evidence-uploads/org-1/a-1/${prepared.uploadId}`);
    expect(Date.parse(item.importBy) - w.clock.now().getTime()).toBe(3_600_000);
    w.objects.objects.set(item.key, new TextEncoder().encode('hello'));
    await w.service.import(owner, 'a-1', prepared.uploadId);
    expect(w.imports[0]).toMatchObject({ format: 'aim-template', fileName: 'agents.csv' });
    expect(Buffer.concat(w.read).toString()).toBe('hello');
    expect(w.objects.objects.size).toBe(0);
    expect(w.pending.items.size).toBe(0);
    expect(w.objects.closed).toBe(1);
  });

  it('past its hour: not found, and the file and the item are removed', async () => {
    const w = world();
    const prepared = await w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'late.csv', bytes: 5, contentType: 'text/csv' });
    w.objects.objects.set(`evidence-uploads/org-1/a-1/${prepared.uploadId}`, new TextEncoder().encode('hello'));
    w.clock.advance(3_600_000);
    expect(await refusal(w.service.import(owner, 'a-1', prepared.uploadId))).toBe('not_found');
    expect(w.objects.objects.size).toBe(0);
    expect(w.pending.items.size).toBe(0);
    expect(w.imports).toEqual([]);
  });

  it('a file larger than declared is refused (413) before it is read, and removed', async () => {
    const w = world();
    const prepared = await w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'big.csv', bytes: 3, contentType: 'text/csv' });
    w.objects.objects.set(`evidence-uploads/org-1/a-1/${prepared.uploadId}`, new TextEncoder().encode('hello'));
    expect(await refusal(w.service.import(owner, 'a-1', prepared.uploadId))).toBe('payload_too_large');
    expect(w.imports).toEqual([]);
    expect(w.objects.objects.size).toBe(0);
  });

  it('an import that fails (422) removes the file too', async () => {
    const w = world({
      read: async () => {
        throw new DomainError('evidence_unreadable', 'no');
      },
    });
    const prepared = await w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'bad.csv', bytes: 5, contentType: 'text/csv' });
    w.objects.objects.set(`evidence-uploads/org-1/a-1/${prepared.uploadId}`, new TextEncoder().encode('hello'));
    expect(await refusal(w.service.import(owner, 'a-1', prepared.uploadId))).toBe('evidence_unreadable');
    expect(w.objects.objects.size).toBe(0);
    expect(w.objects.closed).toBe(1);
  });

  it('refuses before anything is removed: a leader, another assessment, a size over the maximum, a submitted assessment', async () => {
    const w = world();
    const prepared = await w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'a.csv', bytes: 5, contentType: 'text/csv' });
    w.objects.objects.set(`evidence-uploads/org-1/a-1/${prepared.uploadId}`, new TextEncoder().encode('hello'));
    expect(await refusal(w.service.import(leader, 'a-1', prepared.uploadId))).toBe('forbidden');
    expect(await refusal(w.service.import(owner, 'a-2', prepared.uploadId))).toBe('not_found');
    expect(await refusal(w.service.import({ ...owner, organisationId: 'org-2' }, 'a-1', prepared.uploadId))).toBe('not_found');
    expect(w.objects.objects.size).toBe(1);
    expect(w.pending.items.size).toBe(1);
    expect(await refusal(w.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'a.csv', bytes: 1001, contentType: 'text/csv' }))).toBe(
      'payload_too_large',
    );
    const submitted = world({ status: 'submitted' });
    expect(await refusal(submitted.service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'a.csv', bytes: 5, contentType: 'text/csv' }))).toBe(
      'assessment_not_draft',
    );
  });

  it('without upload storage configured, preparing fails plainly', async () => {
    const w = world();
    const service = new EvidenceUploadService({ ...(w.service as unknown as { deps: object }).deps, objects: undefined } as never);
    expect(await refusal(service.prepare(owner, 'a-1', { format: 'aim-template', fileName: 'a.csv', bytes: 5, contentType: 'text/csv' }))).toBe(
      'internal_error',
    );
  });
});
