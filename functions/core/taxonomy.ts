/** The cohort dimensions an organisation describes itself with. */
import { z } from 'zod';

export const Industry = z.enum([
  'financial-services',
  'healthcare',
  'technology',
  'public-sector',
  'manufacturing',
  'retail',
  'energy',
  'telecommunications',
  'education',
  'other',
]);

export const SizeBand = z.enum(['1-49', '50-249', '250-999', '1000-4999', '5000+']);

export const Region = z.enum(['north-america', 'latin-america', 'europe', 'middle-east-africa', 'asia-pacific']);

export type Industry = z.infer<typeof Industry>;
export type SizeBand = z.infer<typeof SizeBand>;
export type Region = z.infer<typeof Region>;

export const taxonomy = {
  industry: Industry.options,
  sizeBand: SizeBand.options,
  region: Region.options,
} as const;
