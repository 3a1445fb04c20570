/**
 * Evidence imports through the API (issue 20, docs/evidence.md, "Importing through the API"):
 * an inventory file streams in, is hashed as it arrives, read with its format's reader,
 * classified and measured; only the import record (facts, counts, proposals, SHA-256) is
 * stored, with its audit event. A file with any problem stores nothing.
 */
import { createHash } from 'node:crypto';
import { authorize, authorizeAssessment, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { assertReaches } from '../core/access/scope-reach';
import { readAuthorizationDetails } from '../core/evidence/aws-authorization-details';
import { CREDENTIAL_REPORT_FORMAT } from '../core/evidence/aws-credential-report';
import { TEMPLATE_FORMAT } from '../core/evidence/aim-template';
import { type Classification, classifier } from '../core/evidence/classification';
import { ReviewCollector } from '../core/evidence/classification-review';
import { type CsvFormat, describeProblem, EvidenceImportError } from '../core/evidence/csv-rows';
import { readEntra } from '../core/evidence/entra';
import { FactAccumulator } from '../core/evidence/facts';
import type { ImportProblem, InventoryIdentity } from '../core/evidence/inventory';
import type { InventoryItem } from '../core/evidence/json-scan';
import { proposeAnswers } from '../core/evidence/proposals';
import { compareImports, previousImport } from '../core/evidence/import-changes';
import { DomainError, type FieldProblem, notFound } from '../core/errors';
import { type EvidenceFormat, type EvidenceImport, type EvidencePreview, MAX_PREVIEW_IDENTITIES, type SetClassificationRulesRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import { draftForEvidence } from './evidence-draft';
import { readClassificationRules, rulesForImport, setClassificationRules } from './classification-rules';
import type { AssessmentStore, ClassificationRulesStore, Clock, EvidenceStore, IdSource } from './ports';

/** Reads a CSV inventory as it arrives (functions/adapters/csv/evidence-csv.ts); throws EvidenceImportError. */
export type CsvInventoryReader = (chunks: AsyncIterable<Uint8Array>, format: CsvFormat) => AsyncIterable<InventoryIdentity>;

export interface EvidenceServiceDeps {
  evidence: EvidenceStore;
  /** The organisation's classification rules (services/classification-rules.ts). */
  classificationRules: ClassificationRulesStore;
  assessments: Pick<AssessmentStore, 'get'>;
  readCsv: CsvInventoryReader;
  clock: Clock;
  ids: IdSource;
}

export interface EvidenceUpload {
  format: EvidenceFormat;
  fileName: string;
  chunks: AsyncIterable<Uint8Array>;
  /** The same file again from its start, when it is kept in storage (an upload): a reader that needs two passes reads it again rather than keeping its bytes. */
  reread?: () => AsyncIterable<Uint8Array>;
}

/** Problems named in the answer at most (the CSV reader stops at 100 too). */
const MAX_PROBLEMS = 100;

const FORMAT_LABELS: Record<EvidenceFormat, string> = {
  'aws-credential-report': 'AWS credential report',
  'aws-authorization-details': 'AWS account authorization details',
  entra: 'Microsoft Entra export',
  'aim-template': 'AIM agent inventory template',
};

/** A problem as a field of the upload (the request body is the file): the row and column, or the JSON pointer's tokens. */
function fieldOf(problem: ImportProblem): FieldProblem {
  const field =
    'pointer' in problem.at
      ? problem.at.pointer
          .split('/')
          .slice(1)
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      : ['row', problem.at.row, ...(problem.at.column ? [problem.at.column] : [])];
  return { field, message: describeProblem(problem) };
}

function unreadable(problems: ImportProblem[]): DomainError {
  const shown = problems.slice(0, MAX_PROBLEMS);
  return new DomainError(
    'evidence_unreadable',
    `the file cannot be imported (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was stored`,
    shown.map(fieldOf),
    { problems: shown },
  );
}

/** Hashes and counts the bytes as they pass; `seen` collects them too when the reader must read the file twice. */
async function* tapped(chunks: AsyncIterable<Uint8Array>, tally: { hash: ReturnType<typeof createHash>; bytes: number }, seen?: Uint8Array[]) {
  for await (const chunk of chunks) {
    tally.hash.update(chunk);
    tally.bytes += chunk.byteLength;
    seen?.push(chunk);
    yield chunk;
  }
}

export class EvidenceService {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /** The organisation's classification rules (revision 0 and none when never set). */
  classificationRules(principal: Principal) {
    return readClassificationRules(this.deps, principal);
  }

  /** Sets the classification rules every later import uses; 409 `revision_conflict` when `request.revision` is stale. */
  setClassificationRules(principal: Principal, request: SetClassificationRulesRequest) {
    return setClassificationRules(this.deps, principal, request);
  }

  private async reachable(principal: Principal, operation: 'evidence.import' | 'evidence.read', organisationId: string, assessmentId: string) {
    const assessment = await this.deps.assessments.get(organisationId, assessmentId);
    if (!assessment) throw notFound('assessment');
    assertReaches(principal, operation, assessment);
    return assessment;
  }

  /**
   * The part the import and its preview share: authorizes an import into a draft, reads the
   * upload whole with its format's reader, classifies each identity with the organisation's
   * current rules and hands it to `visit`; throws 422 `evidence_unreadable` when any part of the
   * file cannot be read. Stores nothing.
   */
  private async readClassified(
    principal: Principal,
    assessmentId: string,
    upload: EvidenceUpload,
    now: Date,
    visit: (identity: InventoryIdentity, classification: Classification) => void,
  ) {
    const { organisationId, assessment } = await draftForEvidence(this.deps.assessments, principal, assessmentId);

    // The organisation's current classification rules (tag key, naming rules, corrections); their revision goes in the record.
    const { revision: rulesRevision, rules } = await rulesForImport(this.deps.classificationRules, organisationId);
    const decide = classifier(rules);
    const identities = { agent: 0, human: 0, workload: 0, unknown: 0 };
    const tally = { hash: createHash('sha256'), bytes: 0 };
    const problems: ImportProblem[] = [];

    const take = (identity: InventoryIdentity) => {
      const classification = decide(identity);
      identities[classification.kind] += 1;
      visit(identity, classification);
    };
    const takeItems = async (items: AsyncIterable<InventoryItem>) => {
      for await (const item of items) {
        if ('problem' in item) {
          if (problems.length < MAX_PROBLEMS) problems.push(item.problem);
        } else if (problems.length === 0) take(item.identity);
      }
    };

    try {
      switch (upload.format) {
        case 'aws-credential-report':
        case 'aim-template': {
          const format = upload.format === 'aim-template' ? TEMPLATE_FORMAT : CREDENTIAL_REPORT_FORMAT;
          for await (const identity of this.deps.readCsv(tapped(upload.chunks, tally), format)) take(identity);
          break;
        }
        case 'entra':
          await takeItems(readEntra(tapped(upload.chunks, tally), { now: now.toISOString() }));
          break;
        case 'aws-authorization-details': {
          // Read twice (the CLI writes Policies last): the body, already bounded by the request limit, is kept for the second pass.
          // An upload (docs/evidence.md, "Large files") is read again from storage instead.
          const seen: Uint8Array[] | undefined = upload.reread ? undefined : [];
          for await (const _ of tapped(upload.chunks, tally, seen));
          await takeItems(readAuthorizationDetails(upload.reread ?? (() => seen!)));
          break;
        }
      }
    } catch (error) {
      if (error instanceof EvidenceImportError) throw unreadable(error.problems);
      throw error;
    }
    if (problems.length) throw unreadable(problems);
    return { organisationId, assessment, rulesRevision, identities, sha256: tally.hash.digest('hex'), bytes: tally.bytes };
  }

  /**
   * The file's identities as the organisation's current rules classify them, for its review
   * before the import (docs/evidence.md, "Reviewing the classification"): the same checks and
   * reading as the import, but nothing is stored and no event is written.
   */
  async preview(principal: Principal, assessmentId: string, upload: EvidenceUpload): Promise<EvidencePreview> {
    const review = new ReviewCollector(MAX_PREVIEW_IDENTITIES);
    const read = await this.readClassified(principal, assessmentId, upload, this.deps.clock.now(), (identity, classification) =>
      review.add(identity, classification),
    );
    const { counts, total, identities, truncated } = review.review();
    return {
      format: upload.format,
      fileName: upload.fileName,
      sha256: read.sha256,
      bytes: read.bytes,
      rulesRevision: read.rulesRevision,
      counts,
      total,
      truncated,
      identities,
    };
  }

  /** Reads the upload whole; stores its record (and audit event) only when every part of it could be read. */
  async import(principal: Principal, assessmentId: string, upload: EvidenceUpload): Promise<EvidenceImport> {
    const now = this.deps.clock.now();
    const importedAt = now.toISOString();
    const facts = new FactAccumulator(now);
    const { organisationId, assessment, rulesRevision, identities, sha256, bytes } = await this.readClassified(
      principal,
      assessmentId,
      upload,
      now,
      (identity, classification) => facts.add({ ...identity, classification }),
    );

    const source = `${FORMAT_LABELS[upload.format]} "${upload.fileName}", imported ${importedAt.slice(0, 10)}, SHA-256 ${sha256.slice(0, 12)}`;
    const measured = facts.facts();
    const record: EvidenceImport = {
      id: this.deps.ids.id(),
      assessmentId,
      format: upload.format,
      fileName: upload.fileName,
      sha256,
      bytes,
      importedAt,
      importedBy: actorOf(principal),
      identities,
      rulesRevision,
      facts: measured,
      proposals: proposeAnswers(measured).map((p) => ({
        questionId: p.questionId,
        value: p.value,
        consistent: p.consistent,
        evidence: `${p.evidence} (${source})`,
        facts: p.facts,
      })),
      ...(assessment.scopeId ? { scopeId: assessment.scopeId } : {}),
    };
    const previous = previousImport(await this.deps.evidence.listAll(organisationId), record);
    record.sinceLastImport = previous ? compareImports(previous, record) : null;
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'evidence.import',
      target: { type: 'evidence', id: record.id },
      // Only the record: what the file held never reaches the trail.
      after: record,
      at: importedAt,
    });
    const outcome = await this.deps.evidence.add(organisationId, record, audit);
    if (outcome === 'conflict') throw notFound('organisation');
    return record;
  }

  /** The imports of an assessment, newest first. */
  async list(principal: Principal, assessmentId: string): Promise<EvidenceImport[]> {
    authorizeAssessment(principal, 'evidence.read', assessmentId);
    const organisationId = organisationOf(principal);
    await this.reachable(principal, 'evidence.read', organisationId, assessmentId);
    const imports = await this.deps.evidence.list(organisationId, assessmentId);
    return imports.sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id.localeCompare(a.id));
  }

  /** Any member may download the blank template. */
  templateAllowed(principal: Principal): void {
    authorize(principal, 'evidence.read');
    organisationOf(principal);
  }
}
