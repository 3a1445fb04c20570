/**
 * The report model: everything a report shows, as plain data. It is built by a pure
 * function from what the caller passes in, so any renderer (PDF today, HTML later)
 * only lays it out. The model's types are inferred from its schemas (./schema.ts); the
 * inputs below are what the caller passes in.
 */
import type { EvidenceFlag } from '../evidence/assurance';
import type { AssuredAnswers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import type { Figure, ReleaseInfo as BenchmarkRelease } from '../release/figures';
import type { Scores } from '../scoring/score';
import type {
  AppendixDomainSchema,
  AppendixQuestionSchema,
  CapRowSchema,
  CohortChoiceSchema,
  CohortDomainMedianSchema,
  CohortSummarySchema,
  DomainCohortSchema,
  DomainRowSchema,
  ExecutiveSummarySchema,
  FocusDomainSchema,
  HeldByRowSchema,
  HoldingBackAnswerSchema,
  LevelNameSchema,
  OverallResultSchema,
  ProvenanceInputSchema,
  ProvenanceSchema,
  RecommendationTriggerSchema,
  RecommendedControlSchema,
  ReportAssuranceSchema,
  ReportCoverSchema,
  ReportModelSchema,
  ReportOrganisationSchema,
  ReportPlanElsewhereSchema,
  ReportPlanItemSchema,
  ReportPlanSchema,
  ReportPlanStatusSchema,
  ReportPlanSummarySchema,
  ReportTargetsSchema,
  RoadmapDaysSchema,
  RoadmapWindowSchema,
  TrendPointSchema,
  TrendSchema,
} from './schema';
import type { z } from 'zod';

/** A released figure with its interval, and the release it comes from (docs/benchmarks.md). */
export type { Figure, BenchmarkRelease };

export interface BenchmarkInput {
  cohort: { industry?: string; sizeBand?: string; region?: string; questionnaireId: string };
  /** True when the cohort holds too few organisations to be shown. */
  suppressed: boolean;
  /** Why no figures are given, when suppressed. */
  reason?: string;
  /** How many organisations the cohort holds. */
  n?: Figure;
  /** The organisation's percentile rank (0–100) and the cohort's quartiles of the overall score. */
  overall?: { percentile: Figure; p25: Figure; p50: Figure; p75: Figure };
  /** The cohort's median per domain; domains held by too few organisations are absent. */
  domains?: Record<string, CohortDomainMedian>;
  /** True when the cohort is synthetic demo data (exact figures); undefined when not known. */
  synthetic?: boolean;
  /** The release the figures come from; absent for synthetic demo data, which is exact. */
  release?: BenchmarkRelease;
  /** Per domain id and `overall`: the questionnaire versions the figures pool (docs/benchmarks.md, "Versions"). */
  pooledVersions?: Record<string, string[]>;
  /** When the figures are the reference population's: what it is, and the real cohort's status, in words. */
  reference?: { explanation: string; realCohort: string };
}

/** An earlier submission of the same organisation and questionnaire. */
export interface HistoryInput {
  assessmentId: string;
  version: string;
  submittedAt: string;
  scores: Scores;
}

export interface ReportInput {
  reportId: string;
  /** ISO timestamp, passed in (the model never reads a clock). */
  generatedAt: string;
  organisation: OrganisationInput;
  questionnaire: Questionnaire;
  /** The answers as stored (with their assurance) and the evidence flags of the submit, if any. */
  assessment: { id: string; submittedAt: string; answers: AssuredAnswers; scores: Scores; evidenceFlags?: readonly EvidenceFlag[] };
  /** Absent, or `suppressed`, when the cohort is too small. */
  benchmark?: BenchmarkInput;
  /** Earlier submissions, in any order; later or same-id entries are ignored. */
  history?: HistoryInput[];
  provenance: ProvenanceInput;
  /** The cohort the caller asked to compare with (recorded on the cover as `comparedWith`); every organisation when absent. */
  cohortChoice?: Omit<CohortChoice, 'description'>;
  /** The organisation's current targets on this questionnaire; absent when none are set (the model's `targets` is then null). */
  targets?: TargetsInput;
  /** The organisation's improvement plan on this questionnaire, as stored now; absent when there is none (or the caller may not read it). */
  plan?: PlanInput;
  /** Effort points per roadmap window (low 1, medium 2, high 3); DEFAULT_ROADMAP_CAPACITY (6) when absent, at least 3. */
  roadmapCapacity?: number;
}

/** Targets as the report compares with them: a level per domain id (and optionally overall), by a date. */
export interface TargetsInput {
  revision: number;
  targetDate: string;
  overall: number | null;
  domains: Record<string, number>;
}

/** The plan as the report reads it: the fields it shows of a stored Plan (functions/contract/plan.ts), which has more. */
export interface PlanInput {
  basedOn: { assessmentId: string; submittedAt: string };
  updatedAt: string;
  items: readonly PlanItemInput[];
}

export interface PlanItemInput {
  controlId: string;
  title: string;
  window: RoadmapDays;
  owner: { type: 'person' | 'agent'; name: string } | null;
  dueDate: string | null;
  status: ReportPlanStatus;
  wontDoReason: string | null;
  completedAt: string | null;
  stillRecommended: boolean;
  expectedGain: number;
}

export type ReportPlan = z.infer<typeof ReportPlanSchema>;
export type ReportPlanItem = z.infer<typeof ReportPlanItemSchema>;
export type ReportPlanStatus = z.infer<typeof ReportPlanStatusSchema>;
export type ReportPlanSummary = z.infer<typeof ReportPlanSummarySchema>;
export type ReportPlanElsewhere = z.infer<typeof ReportPlanElsewhereSchema>;
export type ReportTargets = z.infer<typeof ReportTargetsSchema>;
export type CohortChoice = z.infer<typeof CohortChoiceSchema>;
export type CohortDomainMedian = z.infer<typeof CohortDomainMedianSchema>;
export type DomainCohort = z.infer<typeof DomainCohortSchema>;
/** Digests computed by the caller (hashing is not pure TypeScript), see docs/reports.md. */
export type ProvenanceInput = z.infer<typeof ProvenanceInputSchema>;
export type OrganisationInput = z.infer<typeof ReportOrganisationSchema>;
export type LevelName = z.infer<typeof LevelNameSchema>;
export type CohortSummary = z.infer<typeof CohortSummarySchema>;
export type ReportCover = z.infer<typeof ReportCoverSchema>;
export type OverallResult = z.infer<typeof OverallResultSchema>;
export type CapRow = z.infer<typeof CapRowSchema>;
export type HeldByRow = z.infer<typeof HeldByRowSchema>;
export type HoldingBackAnswer = z.infer<typeof HoldingBackAnswerSchema>;
export type DomainRow = z.infer<typeof DomainRowSchema>;
export type RecommendationTrigger = z.infer<typeof RecommendationTriggerSchema>;
export type RecommendedControl = z.infer<typeof RecommendedControlSchema>;
export type RoadmapDays = z.infer<typeof RoadmapDaysSchema>;
export type RoadmapWindow = z.infer<typeof RoadmapWindowSchema>;
export type FocusDomain = z.infer<typeof FocusDomainSchema>;
export type ExecutiveSummary = z.infer<typeof ExecutiveSummarySchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;
export type Trend = z.infer<typeof TrendSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type AppendixQuestion = z.infer<typeof AppendixQuestionSchema>;
export type AppendixDomain = z.infer<typeof AppendixDomainSchema>;
export type ReportAssurance = z.infer<typeof ReportAssuranceSchema>;
export type ReportModel = z.infer<typeof ReportModelSchema>;
