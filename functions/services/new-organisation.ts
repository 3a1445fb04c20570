import type { RegisterOrganisationRequest } from '../contract';
import type { Organisation } from './entities';

/**
 * A newly registered organisation, however it registers (a person, an admin's key, a
 * platform agent): it contributes to benchmarks by default, and it counts in them only once
 * a platform admin verifies it (docs/benchmarks.md).
 */
export const newOrganisation = (id: string, request: RegisterOrganisationRequest, createdAt: string): Organisation => ({
  id,
  ...request,
  createdAt,
  contributesToBenchmarks: true,
  synthetic: false,
  verification: 'unverified',
});
