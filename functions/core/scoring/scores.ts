/**
 * The shape of a scoring result (docs/scoring.md). Zod schemas so that the API document,
 * the stored assessment and the report model describe scores from this one place.
 */
import { z } from 'zod';

export const LevelScoreSchema = z.object({
  score: z.number().min(0).max(5).describe('weighted mean of the question levels in [0, 5], two decimals'),
  level: z.number().int().min(1).max(5).describe('whole maturity level 1–5'),
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
  overall: LevelScoreSchema,
  domains: z.record(z.string(), DomainScoreSchema),
});
export type Scores = z.infer<typeof ScoresSchema>;
