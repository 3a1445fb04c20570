import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PendingEvidenceUpload, PendingEvidenceUploadStore } from '../../services/ports';
import { orgPartition } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { fromItem, type TableContext } from './table-context';

/** The item type of a prepared upload (docs/evidence.md, "Large files"). */
export const EVIDENCE_UPLOAD_ITEM = 'evidence-upload';

/**
 * Prepared evidence uploads: ORG#<orgId> / EVIDENCEUPLOAD#<uploadId>, holding what the file
 * is (format, name, size) and where it waits (the object key), never its content. Removed by
 * TTL at `importBy` (reads check the time too, as TTL deletion lags) and taken (deleted) by
 * the import; erased with the organisation's partition.
 */
export const evidenceUploadKey = (organisationId: string, uploadId: string) => ({ PK: orgPartition(organisationId), SK: `EVIDENCEUPLOAD#${uploadId}` });

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export class DynamoDbEvidenceUploadRepository implements PendingEvidenceUploadStore {
  constructor(private readonly ctx: TableContext) {}

  async create(upload: PendingEvidenceUpload): Promise<void> {
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: {
          ...evidenceUploadKey(upload.organisationId, upload.uploadId),
          type: EVIDENCE_UPLOAD_ITEM,
          ...upload,
          [TTL_ATTRIBUTE]: epochSeconds(upload.importBy),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async get(organisationId: string, uploadId: string): Promise<PendingEvidenceUpload | undefined> {
    const result = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: evidenceUploadKey(organisationId, uploadId), ConsistentRead: true }),
    );
    return strip(result.Item);
  }

  async take(organisationId: string, uploadId: string): Promise<PendingEvidenceUpload | undefined> {
    // Deleted as it is read: of two imports of one upload, one gets it.
    const result = await this.ctx.doc.send(
      new DeleteCommand({ TableName: this.ctx.tableName, Key: evidenceUploadKey(organisationId, uploadId), ReturnValues: 'ALL_OLD' }),
    );
    return strip(result.Attributes);
  }
}

function strip(item: Record<string, unknown> | undefined): PendingEvidenceUpload | undefined {
  if (!item || item.type !== EVIDENCE_UPLOAD_ITEM) return undefined;
  const { [TTL_ATTRIBUTE]: _ttl, ...upload } = fromItem<PendingEvidenceUpload & { [TTL_ATTRIBUTE]?: number }>(item)!;
  return upload;
}
