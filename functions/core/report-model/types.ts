/**
 * The report model: everything a report shows, as plain data. It is built by a pure
 * function from what the caller passes in, so any renderer (PDF today, HTML later)
 * only lays it out.
 */
import type { Answers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import type { Scores } from '../scoring/score';

export interface CohortDomainQuartiles {
  p25: number;
  p50: number;
  p75: number;
  percentile: number;
}

export interface BenchmarkInput {
  cohort: { industry?: string; sizeBand?: string; region?: string; questionnaireId: string };
  /** True when the cohort holds too few organisations to be shown. */
  suppressed: boolean;
  n?: number;
  overallPercentile?: number;
  domains?: Record<string, CohortDomainQuartiles>;
}

export interface OrganisationInput {
  id: string;
  name: string;
  industry: string;
  sizeBand: string;
  region: string;
}

export interface ReportInput {
  reportId: string;
  /** ISO timestamp, passed in (the model never reads a clock). */
  generatedAt: string;
  organisation: OrganisationInput;
  questionnaire: Questionnaire;
  assessment: { id: string; submittedAt: string; answers: Answers; scores: Scores };
  /** Absent, or `suppressed`, when the cohort is too small. */
  benchmark?: BenchmarkInput;
}

export type LevelName = 'Ad hoc' | 'Emerging' | 'Defined' | 'Managed' | 'Adaptive';

/** How the organisation compares, in one of three states a renderer must tell apart. */
export type CohortSummary =
  | { status: 'unavailable' }
  | { status: 'suppressed'; description: string }
  | { status: 'available'; description: string; n: number | undefined };

export interface ReportCover {
  organisation: OrganisationInput & { industryLabel: string; sizeBandLabel: string; regionLabel: string };
  questionnaire: { id: string; title: string; version: string };
  assessmentId: string;
  submittedAt: string;
  generatedAt: string;
  reportId: string;
  cohort: CohortSummary;
}

export interface OverallResult {
  score: number;
  level: number;
  levelName: LevelName;
  /** Percentile within the cohort, only when the cohort may be shown. */
  percentile?: number;
}

export interface CapRow {
  questionId: string;
  prompt: string;
  maxLevel: number;
  reason: string;
}

/** An answer that keeps its domain from reaching the next level. */
export interface HoldingBackAnswer {
  questionId: string;
  prompt: string;
  /** The answer in words: option labels, a number with its unit, or "Not answered". */
  answer: string;
  /** The level the answer shows; undefined when unanswered (it then counts as 0). */
  level: number | undefined;
  /** Set when this answer triggered a cap: the level the domain is held at. */
  capLevel?: number;
}

export interface DomainRow {
  id: string;
  title: string;
  description: string;
  score: number;
  level: number;
  levelName: LevelName;
  levelDescription: string;
  /** The level above the current one, or undefined at level 5. */
  nextLevel: number | undefined;
  counted: number;
  answered: number;
  caps: CapRow[];
  cohort?: CohortDomainQuartiles;
  holdingBack: HoldingBackAnswer[];
}

export interface RecommendationTrigger {
  questionId: string;
  prompt: string;
  domainId: string;
  /** The answer's level; undefined when unanswered (counted as 0). */
  level: number | undefined;
  belowLevel: number;
}

export interface RecommendedControl {
  id: string;
  title: string;
  action: string;
  effort: 'low' | 'medium' | 'high';
  impact: 'low' | 'medium' | 'high';
  /** Framework labels such as "NIST SP 800-53 Rev.5 AC-6(9)". */
  frameworks: string[];
  /** Domains whose answers triggered it, lowest score first. */
  domains: { id: string; title: string; score: number }[];
  triggeredBy: RecommendationTrigger[];
}

export interface ReportModel {
  reportId: string;
  generatedAt: string;
  cover: ReportCover;
  overall: OverallResult;
  /** In questionnaire order. */
  domains: DomainRow[];
  /** Lowest domains first, then the best impact for the effort. */
  recommendations: RecommendedControl[];
}
