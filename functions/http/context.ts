/** What the HTTP layer is given: the services, and a database health probe. */
import type { Context } from 'hono';
import type { Catalogue } from '../core/catalogue/catalogue';
import type { Principal } from '../core/access/principal';
import type { AssessmentService } from '../services/assessments';
import type { BenchmarkService } from '../services/benchmarks';
import type { OrganisationService } from '../services/organisations';
import type { TokenService } from '../services/tokens';

export interface AppDeps {
  catalogue: Catalogue;
  tokens: TokenService;
  organisations: OrganisationService;
  assessments: AssessmentService;
  benchmarks: BenchmarkService;
  /** Resolves when the database answers. */
  checkDatabase(): Promise<void>;
  maxBodyBytes: number;
  /** Origin allowed by CORS (the web app's, when served from elsewhere). */
  webOrigin?: string;
  log?: (entry: Record<string, unknown>) => void;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function bearerSecret(c: Context): string | undefined {
  return BEARER.exec(c.req.header('authorization') ?? '')?.[1];
}

export function authenticate(deps: AppDeps, c: Context): Promise<Principal> {
  return deps.tokens.authenticate(bearerSecret(c));
}
