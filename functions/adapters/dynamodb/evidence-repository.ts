import type { EvidenceImport } from '../../contract';
import type { AuditEvent } from '../../services/entities';
import type { EvidenceStore, WriteOutcome } from '../../services/ports';
import { ItemType, keyPrefixes, keys, orgPartition } from './keys';
import { auditPut, fromItem, ORGANISATION_LIVE, queryPartition, transact, type TableContext } from './table-context';

/**
 * Evidence import records (EVIDENCE#<assessmentId>#<importId>): the facts, counts and
 * proposals of one imported file, never its identities. Written once, with the audit event,
 * only while the organisation exists; erased with its partition.
 */
export class DynamoDbEvidenceRepository implements EvidenceStore {
  constructor(private readonly ctx: TableContext) {}

  async list(organisationId: string, assessmentId: string): Promise<EvidenceImport[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), keyPrefixes.evidence(assessmentId));
    return items.map((item) => fromItem<EvidenceImport>(item)!);
  }

  async listAll(organisationId: string): Promise<EvidenceImport[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), 'EVIDENCE#');
    return items.filter((item) => item.type === ItemType.evidence).map((item) => fromItem<EvidenceImport>(item)!);
  }

  async add(organisationId: string, record: EvidenceImport, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.evidence(organisationId, record.assessmentId, record.id), type: ItemType.evidence, ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      { ConditionCheck: { TableName: this.ctx.tableName, Key: keys.profile(organisationId), ConditionExpression: ORGANISATION_LIVE } },
      auditPut(this.ctx, audit),
    ]);
  }
}
