/** What the HTTP layer is given: the services, and a database health probe. */
import type { Context } from 'hono';
import { DomainError } from '../core/errors';
import { clientAddress, type FailedAuthThrottle } from './auth-throttle';
import type { Catalogue } from '../core/catalogue/catalogue';
import type { Principal } from '../core/access/principal';
import type { AssessmentUpgradeService } from '../services/assessment-upgrade';
import type { AssessmentService } from '../services/assessments';
import type { AuditTrailService } from '../services/audit-trail';
import type { BenchmarkService } from '../services/benchmarks';
import type { InvitationService } from '../services/invitations';
import type { OrganisationDataService } from '../services/organisation-data';
import type { OrganisationService } from '../services/organisations';
import type { ReportService } from '../services/reports';
import type { TokenService } from '../services/tokens';

export interface AppDeps {
  catalogue: Catalogue;
  tokens: TokenService;
  organisations: OrganisationService;
  assessments: AssessmentService;
  upgrades: AssessmentUpgradeService;
  benchmarks: BenchmarkService;
  reports: ReportService;
  invitations: InvitationService;
  auditTrail: AuditTrailService;
  organisationData: OrganisationDataService;
  /** Resolves when the database answers. */
  checkDatabase(): Promise<void>;
  maxBodyBytes: number;
  /** Origin allowed by CORS (the web app's, when served from elsewhere). */
  webOrigin?: string;
  log?: (entry: Record<string, unknown>) => void;
  /** Slows clients down after repeated failed authentication. */
  authThrottle?: FailedAuthThrottle;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function bearerSecret(c: Context): string | undefined {
  return BEARER.exec(c.req.header('authorization') ?? '')?.[1];
}

const FAILED_AUTHENTICATION = new Set(['unauthenticated', 'token_expired', 'token_revoked']);

export async function authenticate(deps: AppDeps, c: Context): Promise<Principal> {
  const secret = bearerSecret(c);
  const client = clientAddress(c);
  const wait = deps.authThrottle?.retryAfterSeconds(client) ?? 0;
  if (wait > 0) throw new DomainError('too_many_requests', `too many failed authentications from this client; retry in ${wait} s`, [], { retryAfter: wait });
  try {
    return await deps.tokens.authenticate(secret);
  } catch (error) {
    // A missing token is not a guess; a wrong, expired or revoked one counts.
    if (secret && error instanceof DomainError && FAILED_AUTHENTICATION.has(error.code)) deps.authThrottle?.recordFailure(client);
    throw error;
  }
}
