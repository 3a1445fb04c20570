/** Words for the cohort dimensions' identifiers, and the cohort described in a line. */
import type { BenchmarkInput } from './types';

const SPECIAL: Record<string, string> = {
  'north-america': 'North America',
  'latin-america': 'Latin America',
  'middle-east-africa': 'Middle East & Africa',
  'asia-pacific': 'Asia-Pacific',
  'public-sector': 'Public sector',
  'financial-services': 'Financial services',
};

/** "financial-services" → "Financial services"; unknown values keep their words. */
export function dimensionLabel(value: string): string {
  const special = SPECIAL[value];
  if (special) return special;
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Size bands are head counts ("250-999" → "250–999 employees"). */
export function sizeBandLabel(value: string): string {
  return /^\d+(-\d+|\+)$/.test(value) ? `${value.replace('-', '–')} employees` : value;
}

/** "Technology · 250–999 employees · all regions": a wildcard dimension reads as "all". */
export function describeCohort(cohort: BenchmarkInput['cohort']): string {
  return [
    cohort.industry ? dimensionLabel(cohort.industry) : 'All industries',
    cohort.sizeBand ? sizeBandLabel(cohort.sizeBand) : 'all sizes',
    cohort.region ? dimensionLabel(cohort.region) : 'all regions',
  ].join(' · ');
}

/** The cohort a reader chose, with the quarter and the population when they chose one: "Technology · all sizes · Europe, figures of 2026-Q3". */
export function describeChoice(choice: { industry?: string; sizeBand?: string; region?: string; period?: string; population?: string }): string {
  const text = describeCohort({ questionnaireId: '', ...choice });
  const period = choice.period ? `, figures of ${choice.period}` : '';
  const population =
    choice.population === 'synthetic' ? ', synthetic demo data' : choice.population && choice.population !== 'real' ? `, ${choice.population} population` : '';
  return `${text}${period}${population}`;
}

/** The short label shown next to the title of a control split into steps (docs/reports.md). */
export const STAGE_LABELS = { foundational: 'Foundational step', advanced: 'Advanced step' } as const;
