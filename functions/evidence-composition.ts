/**
 * The evidence import service, built apart from `createServices` so that only the evidence
 * function (and the local server) bundles the inventory readers and csv-parse.
 */
import { readCsvInventory } from './adapters/csv/evidence-csv';
import type { createServices } from './composition';
import { EvidenceService } from './services/evidence';

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
