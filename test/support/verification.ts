/**
 * Verifying organisations through the real path, for tests and tools that need their
 * submissions to count in benchmarks: the admin API, or the verification service with
 * an admin principal. Nothing turns verification off.
 */
import type { Principal } from '../../functions/core/access/principal';
import type { VerificationService } from '../../functions/services/verification';

/** What the API client of a test or a benchmark offers (test/support/api-client.ts, bench/load-http.ts). */
interface PostingClient {
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }>;
}

/** Approves an organisation as a platform admin through `POST /v1/admin/organisations/{id}/verification`. */
export async function verifyOrganisation(api: PostingClient, adminToken: string, organisationId: string): Promise<void> {
  const res = await api.post(`/v1/admin/organisations/${organisationId}/verification`, { decision: 'verified' }, adminToken);
  if (res.status !== 200) throw new Error(`verifying ${organisationId} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** An admin identity for tests that call the services directly. */
export const TEST_ADMIN: Principal = { tokenId: 'test-admin', label: 'test admin', role: 'admin', actorType: 'human', organisationId: null };

/** Approves an organisation through the verification service. */
export async function verifyWithService(services: { verification: VerificationService }, organisationId: string): Promise<void> {
  await services.verification.decide(TEST_ADMIN, organisationId, { decision: 'verified' });
}
