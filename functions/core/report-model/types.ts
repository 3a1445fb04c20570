/**
 * The report model: everything a report shows, as plain data. It is built by a pure
 * function from what the caller passes in, so any renderer (PDF today, HTML later)
 * only lays it out.
 */
import type { Answers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import type { Figure, ReleaseInfo as BenchmarkRelease } from '../release/figures';
import type { Scores } from '../scoring/score';

/** A released figure with its interval, and the release it comes from (docs/benchmarks.md). */
export type { Figure, BenchmarkRelease };

/** The cohort's median of one domain. */
export interface CohortDomainMedian {
  p50: Figure;
}

/** The organisation's domain score against the cohort's median of that domain. */
export interface DomainCohort {
  p50: Figure;
  /**
   * 'below' / 'above': the score lies below the low end / above the high end of the
   * median's interval; 'indistinguishable': the interval holds the score.
   */
  standing: 'below' | 'above' | 'indistinguishable';
}

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
}

/** An earlier submission of the same organisation and questionnaire. */
export interface HistoryInput {
  assessmentId: string;
  version: string;
  submittedAt: string;
  scores: Scores;
}

/** Digests computed by the caller (hashing is not pure TypeScript), see docs/reports.md. */
export interface ProvenanceInput {
  /** SHA-256 over the answers hash, the questionnaire id and version, and the benchmark hash. */
  sha256: string;
  answersSha256: string;
  benchmarkSha256: string;
  /** The k of the cohort rule: cohorts with fewer organisations are never shown. */
  kAnonymity: number;
  /** Real cohorts whose released (noisy) count is below this are withheld (docs/benchmarks.md). */
  minimumCohort: number;
  /** Whether the organisation itself is marked synthetic (demo data). */
  syntheticOrganisation: boolean;
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
  /** Earlier submissions, in any order; later or same-id entries are ignored. */
  history?: HistoryInput[];
  provenance: ProvenanceInput;
}

export type LevelName = 'Ad hoc' | 'Emerging' | 'Defined' | 'Managed' | 'Adaptive';

/** How the organisation compares, in one of three states a renderer must tell apart. */
export type CohortSummary =
  | { status: 'unavailable' }
  | { status: 'suppressed'; description: string; reason?: string }
  | {
      status: 'available';
      description: string;
      n: Figure | undefined;
      /** The release the figures come from; absent when they are exact (synthetic demo data). */
      release?: BenchmarkRelease;
      synthetic: boolean | undefined;
    };

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
  /** Percentile rank within the cohort (0–100, with its interval), only when the cohort may be shown. */
  percentile?: Figure;
  /** The cohort's quartiles of the overall score, only when the cohort may be shown. */
  cohort?: { p25: Figure; p50: Figure; p75: Figure; standing: DomainCohort['standing'] };
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
  /** The cohort's median of this domain and where the score stands against it. */
  cohort?: DomainCohort;
  holdingBack: HoldingBackAnswer[];
  /** What the next level means in this domain (undefined at level 5). */
  nextLevelDescription: string | undefined;
  /** Ids of the recommended controls that this domain's answers call for, in report order. */
  controlIds: string[];
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
  /**
   * Overall score points gained if every triggering answer reached the control's
   * `belowLevel` (and the caps those answers set were lifted), other answers unchanged.
   */
  scoreGain: number;
  /** scoreGain divided by the effort in points (low 1, medium 2, high 3). */
  gainPerEffort: number;
  /** The roadmap window the control falls in. */
  window: RoadmapDays;
}

export type RoadmapDays = 30 | 60 | 90;

export interface RoadmapWindow {
  days: RoadmapDays;
  /** Which controls fall here, in words. */
  rule: string;
  /** Ids into `recommendations`, best impact over effort first. */
  controlIds: string[];
}

export interface FocusDomain {
  id: string;
  title: string;
  score: number;
  /** The cohort median with its interval, when the focus is measured against it. */
  median?: Figure;
  /** Median minus score, when measured against the median. */
  gap?: number;
  /** 'below': the score is below the low end of the median's interval; 'indistinguishable': the interval holds it. */
  standing?: DomainCohort['standing'];
}

export interface ExecutiveSummary {
  /**
   * 'below-median': the three domains furthest below the cohort median, those below the low
   * end of the median's interval first; 'lowest': no cohort, the three lowest scores.
   */
  focusBasis: 'below-median' | 'lowest';
  focusDomains: FocusDomain[];
  /** Ids of the three controls with the highest score gain per effort (gain above 0 only). */
  quickWinIds: string[];
}

export interface TrendPoint {
  assessmentId: string;
  version: string;
  submittedAt: string;
  /** True for the submission this report is about. */
  current: boolean;
  overall: number;
  /** Domain scores by domain id; a domain missing in that version is absent. */
  domains: Record<string, number>;
}

export interface Trend {
  /** Oldest first, ending with the current submission. */
  points: TrendPoint[];
  /** Earlier submissions left out to keep the table readable (oldest ones). */
  omitted: number;
  /** The current cohort's medians, when the cohort may be shown. */
  cohortMedian?: { overall?: Figure; domains: Record<string, Figure> };
}

export interface Provenance extends ProvenanceInput {
  questionnaire: { id: string; version: string };
  /** Synthetic data: the organisation's own flag, and whether the cohort holds any (undefined: not known). */
  syntheticData: { organisation: boolean; cohort: boolean | undefined };
  /** How the figures are computed, in sentences. */
  method: string[];
}

export interface AppendixQuestion {
  id: string;
  prompt: string;
  /** False for a follow-up question that the answers did not open. */
  shown: boolean;
  answer: string;
  level: number | undefined;
  notApplicableReason?: string;
  comment?: string;
  evidence: string[];
}

export interface AppendixDomain {
  id: string;
  title: string;
  questions: AppendixQuestion[];
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
  summary: ExecutiveSummary;
  roadmap: RoadmapWindow[];
  trend: Trend;
  provenance: Provenance;
  appendix: AppendixDomain[];
}
