/**
 * Stored reports (issue 21): a report is rendered once, when its assessment is submitted,
 * and downloads serve the stored bytes. The store keeps, per submission and variant (the
 * cohort it compares with, and whether it names the plan's owners), the current PDF with
 * what its headers need: S3 in AWS (adapters/s3/report-bucket.ts), the data directory
 * locally (adapters/files/report-directory.ts).
 */
import type { ReportFileName } from '../core/report-model';
import { canonicalJson, sha256 } from './hashing';

/** Where a stored report lives: its organisation, assessment and variant. */
export interface StoredReportKey {
  organisationId: string;
  assessmentId: string;
  /** 32 hexadecimal digits: the submission, the cohort and the plan's visibility (variantOf). */
  variant: string;
}

/** What a download says besides the bytes. */
export interface StoredReportMeta {
  reportId: string;
  sha256: string;
  generatedAt: string;
  /** The benchmark release the report's figures are as of: a release date (yyyy-mm-dd), or the quarter the reader chose. */
  asOf: string;
  filename: ReportFileName;
  /** What else the report prints, as a digest (ReportService `reportState`): a report of another state is not served. */
  state?: string;
}

export interface StoredReport {
  meta: StoredReportMeta;
  pdf: Uint8Array;
}

export interface ReportFileStore {
  get(key: StoredReportKey): Promise<StoredReport | undefined>;
  /** Makes this the current report of its key (the one a later `get` answers). */
  put(key: StoredReportKey, report: StoredReport): Promise<void>;
}

/**
 * The variant of a report: the submission it reports (an assessment reopened and submitted
 * again is another report), the cohort chosen (the query as given, canonical), whether
 * and whether the plan is shown (only to readers who may read it). What else the report
 * prints can change after the submission (the organisation's profile, later submissions,
 * targets, the plan): that is the stored report's `state`, and a new state is a new report.
 */
export function variantOf(parts: { submittedAt: string; cohort: Record<string, unknown>; plan: boolean }): string {
  const cohort = Object.fromEntries(Object.entries(parts.cohort).filter(([, v]) => v !== undefined));
  return sha256(canonicalJson({ submittedAt: parts.submittedAt, cohort, plan: parts.plan })).slice(0, 32);
}

/** The id of the report of a variant at a release: the same submission, variant and release always give the same report. */
export function storedReportId(key: StoredReportKey, asOf: string, state?: string): string {
  return `rpt_${sha256(canonicalJson({ o: key.organisationId, a: key.assessmentId, v: key.variant, r: asOf, ...(state ? { s: state } : {}) })).slice(0, 32)}`;
}
