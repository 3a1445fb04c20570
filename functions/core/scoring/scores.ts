/**
 * The shape of a scoring result (docs/scoring.md). Zod schemas so that the API document,
 * the stored assessment and the report model describe scores from this one place.
 */
import { z } from 'zod';
import { ScoringMethod } from '../questionnaire/model';

/** What lowered a level below the one its score alone gives: a cap, or (method 2) the weakest link. */
export const HeldBySchema = z.object({
  rule: z.enum(['cap', 'weakest-link']),
  question: z.string().optional().describe('the answer that holds the level down (absent when the overall level is held by a domain)'),
  domain: z.string().optional().describe('for the overall level: the domain whose level or cap holds it down'),
  unheldLevel: z.number().int().min(1).max(5).describe('the level the score alone would give'),
});
export type HeldBy = z.infer<typeof HeldBySchema>;

export const LevelScoreSchema = z.object({
  score: z.number().min(0).max(5).describe('weighted mean of the question levels in [0, 5], two decimals'),
  level: z.number().int().min(1).max(5).describe('whole maturity level 1–5'),
  heldBy: HeldBySchema.optional().describe('set when a cap or the weakest-link bound lowered the level'),
});
export type LevelScore = z.infer<typeof LevelScoreSchema>;

export const CapAppliedSchema = z.object({
  question: z.string(),
  maxLevel: z.number().int(),
  reason: z.string(),
});
export type CapApplied = z.infer<typeof CapAppliedSchema>;

export const DomainScoreSchema = LevelScoreSchema.extend({
  caps: z.array(CapAppliedSchema).describe('caps that held this domain down, if any'),
  counted: z.number().int().describe('questions counted (visible and not "not applicable")'),
  answered: z.number().int(),
});
export type DomainScore = z.infer<typeof DomainScoreSchema>;

export const ScoresSchema = z.object({
  // Optional: scores stored before there were methods lack it, and were scored with method 1.
  method: ScoringMethod.optional().describe('the scoring method (docs/scoring.md) that produced these scores; absent means 1'),
  overall: LevelScoreSchema,
  domains: z.record(z.string(), DomainScoreSchema),
});
export type Scores = z.infer<typeof ScoresSchema>;
