/**
 * The badge every figure that is not of real, verified organisations carries: the stored
 * demo data, or the reference population (docs/benchmarks.md). Real figures carry none.
 */
export type Population = 'real' | 'synthetic' | 'reference';

export const POPULATION_NAMES: Record<Population, string> = {
  real: 'Real (verified)',
  synthetic: 'Demo (synthetic)',
  reference: 'Reference population',
};

export function PopulationBadge({ population }: { population: Population | undefined }) {
  if (!population || population === 'real') return null;
  return (
    <span className={`badge badge-population badge-${population}`} data-testid="population-badge">
      {population === 'synthetic' ? 'Demo data (synthetic)' : 'Reference population (synthetic)'}
    </span>
  );
}
