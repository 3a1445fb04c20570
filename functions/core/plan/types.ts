/**
 * The plan's shapes as the pure rules see them. The core imports no contract: these mirror
 * functions/contract/plan.ts (its zod schemas are the source of truth), with the actor who
 * changed an item left to the caller's type.
 */
import type { RoadmapDays } from '../report-model/types';

export type PlanItemStatus = 'planned' | 'in_progress' | 'done' | 'wont_do' | 'achieved';
export type SettablePlanItemStatus = Exclude<PlanItemStatus, 'achieved'>;

export interface PlanOwner {
  type: 'person' | 'agent';
  id: string;
  name: string;
}

export interface PlanItem<Actor = unknown> {
  controlId: string;
  title: string;
  action: string;
  frameworks: string[];
  domains: { id: string; title: string }[];
  questionIds: string[];
  expectedGain: number;
  prerequisites: string[];
  window: RoadmapDays;
  owner: PlanOwner | null;
  dueDate: string | null;
  status: PlanItemStatus;
  wontDoReason: string | null;
  notes: string | null;
  stillRecommended: boolean;
  recommendedIn: string;
  achievedIn: string | null;
  completedAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor;
}

export interface PlanBasis {
  assessmentId: string;
  version: string;
  submittedAt: string;
}

export interface PlanSummary {
  planned: number;
  inProgress: number;
  done: number;
  wontDo: number;
  achieved: number;
  open: number;
  overdue: number;
}

/** A plan as stored without its items; `order` is the control ids in the roadmap order of the submission it follows. */
export interface PlanHeader {
  questionnaireId: string;
  /** The scope whose plan it is; null (or absent, as stored before scopes) for the whole organisation. */
  scopeId?: string | null;
  basedOn: PlanBasis;
  createdAt: string;
  updatedAt: string;
  order?: readonly string[];
}

export interface Plan<Actor = unknown> extends Omit<PlanHeader, 'order' | 'scopeId'> {
  scopeId: string | null;
  items: PlanItem<Actor>[];
  summary: PlanSummary;
}
