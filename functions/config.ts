/** Configuration, parsed once from the environment at the entry points and passed down. */
import { z } from 'zod';
import { AGENT_CREDENTIAL_MODES } from './core/access/credential-policy';
import { STATIC_KEY_MODES } from './core/access/key-exchange';
import { AUDIT_RETENTION_DAYS } from './core/audit/retention';
import { parseLevels } from './core/release/published-levels';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  AIM_DATA_DIR: z.string().default('.data'),
  DYNAMODB_ENDPOINT: optionalString.pipe(z.url().optional()),
  AIM_TABLE_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/)
    .default('aim'),
  AWS_REGION: z.string().default('us-east-1'),
  AIM_ADMIN_TOKEN: optionalString.pipe(z.string().min(24, 'AIM_ADMIN_TOKEN must be at least 24 characters').optional()),
  AIM_K_ANONYMITY: z.coerce.number().int().min(3, 'k-anonymity is never below 3').default(5),
  /** ε per organisation per benchmark release, across every published cohort (docs/benchmarks.md). */
  AIM_PRIVACY_EPSILON: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,6})?$/, 'a decimal such as 4 or 2.5')
    .refine((v) => Number(v) > 0 && Number(v) <= 16, 'ε between 0 and 16')
    .default('4'),
  /** Published cohort levels, e.g. "everyone,industry" or "everyone,industry,region,industry+sizeBand". */
  AIM_BENCHMARK_LEVELS: z
    .string()
    .default('everyone,industry')
    .superRefine((text, ctx) => {
      try {
        parseLevels(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** Cohorts whose noisy organisation count is below this are withheld. */
  AIM_BENCHMARK_MINIMUM: z.coerce.number().int().min(5, 'the minimum cohort size is never below 5').max(1000).default(10),
  AIM_RELEASE_PERIOD: z.enum(['day', 'week', 'month']).default('day'),
  AIM_DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  AIM_DB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  AIM_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
  AIM_WEB_ORIGIN: optionalString.pipe(z.url().optional()),
  /** In AWS: the Secrets Manager secret holding the bootstrap admin token (read by the api Lambda). */
  AIM_ADMIN_TOKEN_SECRET_ARN: optionalString.pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'AIM_ADMIN_TOKEN_SECRET_ARN must be a Secrets Manager secret ARN')
      .optional(),
  ),
  /**
   * In AWS: the value CloudFront adds as ORIGIN_VERIFY_HEADER to the requests it sends to the
   * API; only requests that carry it have their CloudFront-Viewer-Address believed
   * (docs/deploy.md, "Client addresses"). Unset (locally): the source address is used.
   */
  AIM_ORIGIN_VERIFY_SECRET: optionalString.pipe(z.string().min(24, 'AIM_ORIGIN_VERIFY_SECRET must be at least 24 characters').optional()),
  AIM_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Per client and process; one client registers one organisation, rarely a few (README, Configuration). */
  AIM_REGISTRATIONS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Per client and process, wrong codes included; a team joining from one office shares an address. */
  AIM_INVITATION_ACCEPTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Leak reports (POST /v1/credentials/leaked) per client and process; a scanner batches 20 secrets a report. */
  AIM_LEAK_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Report refreshes per client and hour (POST /v1/assessments/{id}/report/refresh renders a PDF each time). */
  AIM_REPORT_REFRESHES_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * What a detected misuse of a credential does (docs/security.md, "Automatic containment"):
   * `revoke` everything its identity holds, or only `alert` (log the alarmed line and audit).
   */
  AIM_CONTAINMENT: z.enum(['revoke', 'alert']).default('revoke'),
  /** AIM's issuer identifier and public origin for agents' tokens (docs/security.md, "Agents"); locally http://localhost:<port>. */
  AIM_ISSUER: optionalString.pipe(z.url().optional()),
  /** In AWS: the asymmetric KMS key (ECC_NIST_P256) that signs agents' access tokens; without it (and AIM_ISSUER) none are issued there. */
  AIM_AGENT_SIGNING_KEY_ARN: optionalString.pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, 'AIM_AGENT_SIGNING_KEY_ARN must be a KMS key ARN')
      .optional(),
  ),
  /**
   * In AWS: the Secrets Manager secret naming the current and previous signing keys once they
   * rotate (docs/security.md, "Signing key"); without it AIM_AGENT_SIGNING_KEY_ARN alone signs.
   */
  AIM_AGENT_SIGNING_KEY_POINTER_ARN: optionalString.pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'AIM_AGENT_SIGNING_KEY_POINTER_ARN must be a Secrets Manager secret ARN')
      .optional(),
  ),
  /**
   * Workload identity issuers may be plain http on this machine (127.0.0.1, localhost):
   * local use and tests only; set by the local runner (docs/security.md, "Workload identity federation").
   */
  AIM_FEDERATION_ALLOW_HTTP_LOOPBACK: z.stringbool().default(false),
  /**
   * Shared-use detection (docs/security.md, "Shared use of one identity"): a key or an agent
   * used from this many distinct client networks (/24, /48)…
   */
  AIM_SHARED_USE_SOURCES: z.coerce.number().int().min(2).max(8).default(3),
  /** …within this many minutes is suspected of being shared (two DPoP keys within it as well). */
  AIM_SHARED_USE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * What a suspicion of shared use does: `alert` (default: audit, alarmed log line, badge) or
   * `contain` (also hand it to automatic containment, AIM_CONTAINMENT). Alert by default, as
   * parallel CI jobs on one key look the same as a key copied to several agents.
   */
  AIM_SHARED_USE_RESPONSE: z.enum(['alert', 'contain']).default('alert'),
  /** Minutes an agent's access token lives. */
  AIM_AGENT_TOKEN_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  /**
   * Whether the API takes only tokens exchanged for static `aim_…` keys at the token endpoint
   * (`exchange-only`, the default: no standing credential on the API) or the keys as they are
   * too (`accepted`, a migration aid; docs/security.md, "Static keys: exchange for a token").
   */
  AIM_STATIC_KEYS_ON_API: z.enum(STATIC_KEY_MODES).default('exchange-only'),
  /**
   * `federated-only` (set in AWS by the stack): agents hold no stored AIM secret, only workload
   * identity federation; keys and `jwk` registrations are refused (docs/security.md, "Federation only").
   */
  AIM_AGENT_CREDENTIALS: z.enum(AGENT_CREDENTIAL_MODES).default('any'),
  /**
   * Days each audit record is kept from its time (its `expiresAt`, the table's TTL): at least
   * 365, a year of history for investigations; the ledger's Object Lock retention must be as long.
   */
  AIM_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(AUDIT_RETENTION_DAYS.min).max(36_500).default(AUDIT_RETENTION_DAYS.default),
  /** Locally: days after which the key signing agents' tokens is replaced (the old one stays published an hour). */
  AIM_AGENT_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * People sign in through this OpenID Provider (docs/security.md, "People"). Unset locally:
   * `npm start` runs the embedded provider (functions/local/identity-provider) and sets it.
   */
  AIM_OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  AIM_OIDC_CLIENT_ID: optionalString.pipe(z.string().max(200).optional()),
  /** The client secret itself (local and self-hosted use); in AWS AIM_OIDC_CLIENT_SECRET_ARN instead. */
  AIM_OIDC_CLIENT_SECRET: optionalString.pipe(z.string().max(500).optional()),
  /** In AWS: the Secrets Manager secret holding the OpenID client secret (read by the api Lambda). */
  AIM_OIDC_CLIENT_SECRET_ARN: optionalString.pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'AIM_OIDC_CLIENT_SECRET_ARN must be a Secrets Manager secret ARN')
      .optional(),
  ),
  /** Locally: days after which the client secret shared with the embedded OpenID Provider is replaced (checked at start and every minute). */
  AIM_OIDC_CLIENT_SECRET_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Scopes asked of the provider; openid is always among them. */
  AIM_OIDC_SCOPES: z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'space-separated scopes')
    .default('openid email profile'),
  /** A signed-in person's session ends after this many idle minutes… */
  AIM_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  /** …and at the latest this many hours after sign-in. */
  AIM_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /** In AWS: the S3 bucket (Object Lock, compliance mode) holding the audit ledger (docs/security.md, "The audit ledger"). */
  AIM_AUDIT_LEDGER_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'AIM_AUDIT_LEDGER_BUCKET must be an S3 bucket name')
      .optional(),
  ),
  /** Without a bucket: the directory of the audit ledger's files (default <AIM_DATA_DIR>/audit-ledger). */
  AIM_AUDIT_LEDGER_DIR: optionalString,
  /** In AWS: the S3 bucket large evidence files are uploaded to before their import (docs/evidence.md, "Large files"). */
  AIM_EVIDENCE_UPLOAD_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'AIM_EVIDENCE_UPLOAD_BUCKET must be an S3 bucket name')
      .optional(),
  ),
  /** In AWS: the S3 bucket rendered reports are stored in (docs/reports.md, "Stored reports"); the report function's only. */
  AIM_REPORT_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'AIM_REPORT_BUCKET must be an S3 bucket name')
      .optional(),
  ),
  /** Locally: the port of the embedded OpenID Provider (0 picks any free port). */
  AIM_LOCAL_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The custom origin header by which CloudFront proves a request came through it (AIM_ORIGIN_VERIFY_SECRET). */
export const ORIGIN_VERIFY_HEADER = 'x-aim-origin-verify';

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
