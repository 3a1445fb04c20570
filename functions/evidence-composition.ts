/**
 * The evidence import service, built apart from `createServices` so that only the evidence
 * function (and the local server) bundles the inventory readers and csv-parse.
 */
import { readCsvInventory } from './adapters/csv/evidence-csv';
import { createDocumentClient } from './adapters/dynamodb/client';
import { DynamoDbEvidenceUploadRepository } from './adapters/dynamodb/evidence-upload-repository';
import type { Config } from './config';
import type { createServices } from './composition';
import { EvidenceService } from './services/evidence';
import { EvidenceUploadService } from './services/evidence-uploads';
import type { EvidenceUploadStore } from './services/ports';

export function createEvidenceService(services: ReturnType<typeof createServices>): EvidenceService {
  return new EvidenceService({
    evidence: services.stores.evidence,
    classificationRules: services.stores.classificationRules,
    assessments: services.stores.assessments,
    readCsv: readCsvInventory,
    clock: services.clock,
    ids: services.ids,
  });
}

/** Large files through an upload (docs/evidence.md, "Large files"): `objects` is the S3 bucket in AWS, the data dir's directory locally. */
export function createEvidenceUploadService(
  services: ReturnType<typeof createServices>,
  config: Pick<Config, 'AIM_TABLE_NAME'>,
  evidence: EvidenceService,
  objects: EvidenceUploadStore | undefined,
): EvidenceUploadService {
  return new EvidenceUploadService({
    evidence,
    assessments: services.stores.assessments,
    // Built here rather than with the other stores: only the evidence bundle carries it.
    pending: new DynamoDbEvidenceUploadRepository({ doc: createDocumentClient(services.client), tableName: config.AIM_TABLE_NAME }),
    objects,
    clock: services.clock,
    ids: services.ids,
  });
}
