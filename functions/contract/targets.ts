/**
 * Targets: the maturity level an organisation aims for per domain (and optionally overall)
 * on one questionnaire, by a date. Every change is a new revision; earlier ones stay readable.
 */
import { z } from 'zod';
import { displayTextChecks } from '../core/display-text';
import { Identifier } from '../core/questionnaire/model';
import { ActorSchema } from './identity';

export const TARGET_NOTE_MAX = 500;

export const TargetLevel = z.number().int().min(1).max(5).describe('the maturity level aimed for: 1 Ad hoc … 5 Adaptive').meta({ id: 'TargetLevel' });

export const TargetsSchema = z
  .object({
    questionnaireId: z.string().describe('the questionnaire the targets are set on (its domains, in its latest version)'),
    revision: z.number().int().min(1).describe('the revision of the targets: 1 for the first, one more with every change'),
    domains: z.record(z.string(), TargetLevel).describe('the target level per domain id; only domains with a target are listed'),
    overall: TargetLevel.nullable().describe('the target for the overall level; null when none is set'),
    targetDate: z.iso.date().describe('the date the targets are to be met by (YYYY-MM-DD)'),
    note: z.string().max(TARGET_NOTE_MAX).nullable().describe('why these targets, in words; null when none was given'),
    setAt: z.string().describe('when this revision was set (ISO 8601)'),
    setBy: ActorSchema.describe('who set this revision'),
  })
  .meta({ id: 'Targets' });

export const SetTargetsRequest = z
  .strictObject({
    revision: z
      .number()
      .int()
      .min(0)
      .describe('the revision the caller last saw: 0 when no targets are set yet; another change since answers 409 `revision_conflict`'),
    domains: z
      .record(Identifier, TargetLevel)
      .refine((domains) => Object.keys(domains).length > 0, 'at least one domain target')
      .refine((domains) => Object.keys(domains).length <= 50, 'at most 50 domain targets')
      .describe("the target level per domain id of the questionnaire's latest version; domains left out have no target"),
    overall: TargetLevel.nullable().default(null).describe('the target for the overall level; null (the default) for none'),
    targetDate: z.iso.date().describe('the date the targets are to be met by (YYYY-MM-DD)'),
    note: z
      .string()
      .max(TARGET_NOTE_MAX)
      .check(...displayTextChecks)
      .optional()
      .describe(
        'why these targets (at most 500 characters, Unicode NFC); control characters other than tab and line breaks, and bidirectional controls, are refused',
      ),
  })
  .meta({ id: 'SetTargetsRequest' });

export const TargetsHistorySchema = z
  .object({ versions: z.array(TargetsSchema).describe('every revision of the targets, newest first; empty when none was ever set') })
  .meta({ id: 'TargetsHistory' });

export type Targets = z.infer<typeof TargetsSchema>;
export type SetTargetsRequest = z.infer<typeof SetTargetsRequest>;
export type TargetsHistory = z.infer<typeof TargetsHistorySchema>;
