/**
 * Builds the services from a configuration: the one place where adapters meet
 * services. Used by the Lambda handlers and by the local runner.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Catalogue } from './core/catalogue/catalogue';
import { auditLedgerService, databaseClient, systemClock } from './stream-composition';
import { cryptoRandomSource } from './adapters/random/crypto-random';
import type { RandomSource } from './core/privacy/random-source';
import { decimalToRational } from './core/privacy/rational';
import { parseLevels } from './core/release/published-levels';
import type { ReleaseSettings } from './core/release/release';
import { createDynamoDbStores } from './adapters/dynamodb';
import { ORIGIN_VERIFY_HEADER, type Config } from './config';
import { FailedAuthThrottle } from './http/auth-throttle';
import { SlidingWindowLimiter } from './http/rate-limit';
import { AssessmentUpgradeService } from './services/assessment-upgrade';
import { AssessmentService } from './services/assessments';
import { AuditTrailService } from './services/audit-trail';
import { AccessAuditService } from './services/access-audit';
import { BenchmarkService } from './services/benchmarks';
import { InvitationService } from './services/invitations';
import { LeakedSecretService } from './services/leaked-secrets';
import { LogLeakRevoker } from './services/log-leaks';
import { OrganisationDataService } from './services/organisation-data';
import { OrganisationService } from './services/organisations';
import { ReportService } from './services/reports';
import type { ReportFileStore } from './services/report-files';
import { releaseDateOf } from './core/release/release-period';
import { TargetService } from './services/targets';
import { PlanService } from './services/plan';
import { MilestoneService } from './services/milestones';
import { ScopeService } from './services/scopes';
import type { AccessTokenSigner, AuditLedgerStore, Clock, IdSource } from './services/ports';
import { TokenService } from './services/tokens';
import { AgentService } from './services/agents';
import { CredentialSightingService } from './services/credential-sightings';
import { KeyExchange } from './services/key-exchange';
import { ContainmentService } from './services/containment';
import { DelegationService } from './services/delegations';
import { MembershipService } from './services/memberships';
import { SessionService } from './services/sessions';
import { openIdRelyingParty } from './adapters/oidc/relying-party';
import { rereadOidcClientSecret } from './adapters/secrets/oidc-client-secret';
import { secretsManagerReader } from './adapters/secrets/secrets-manager';
import { remoteWorkloadIssuers } from './adapters/oidc/workload-issuer';
import type { IdentityProviderClient } from './services/ports';
import { VerificationService } from './services/verification';

export { systemClock } from './stream-composition';
export const randomIds: IdSource = { id: () => randomUUID(), secret: () => randomBytes(32).toString('base64url') };

/**
 * Where the provider sends people back: the browser's origin, where the session cookie
 * belongs (the web app's, CloudFront in AWS, else AIM's own). The embedded provider
 * registers the same addresses (local/platform.ts).
 */
export function signInAddresses(config: Config) {
  const origin = (config.AIM_WEB_ORIGIN ?? config.AIM_ISSUER ?? '').replace(/\/+$/, '');
  return { redirectUri: `${origin}/auth/callback`, postLogoutRedirectUri: `${origin}/` };
}

/** The release settings of the configuration (docs/benchmarks.md, "Settings"). */
export function releaseSettingsOf(config: Config): ReleaseSettings {
  return {
    levels: parseLevels(config.AIM_BENCHMARK_LEVELS),
    epsilonTotal: decimalToRational(config.AIM_PRIVACY_EPSILON),
    minimum: config.AIM_BENCHMARK_MINIMUM,
    period: config.AIM_RELEASE_PERIOD,
  };
}

/** Domain ids of every version of a questionnaire (ids are shared across versions), sorted. */
function domainIdsOf(catalogue: Catalogue, questionnaireId: string): string[] | undefined {
  const versions = catalogue.all().filter((q) => q.id === questionnaireId);
  if (!versions.length) return undefined;
  return [...new Set(versions.flatMap((q) => q.domains.map((d) => d.id)))].sort();
}

export { auditLedgerStore } from './stream-composition';

export function createServices(
  config: Config,
  catalogue: Catalogue,
  options: {
    client?: DynamoDBClient;
    clock?: Clock;
    ids?: IdSource;
    random?: RandomSource;
    instrumentClient?: (client: DynamoDBClient) => DynamoDBClient;
    /** AIM's key for agents' access tokens; without it none are issued. */
    signer?: AccessTokenSigner;
    /** The OpenID Provider client (tests); by default the one AIM_OIDC_* configure. */
    identityProvider?: IdentityProviderClient;
    /** Where the audit ledger's segments go; by default the bucket or directory the configuration names. */
    auditLedger?: AuditLedgerStore;
    /** Where rendered reports are stored (issue 21): the report function's bucket, the data directory locally; without it every download renders. */
    reportFiles?: ReportFileStore;
  } = {},
) {
  // Tracing (Lambda) wraps the client before any store copies its middleware.
  const client = options.client
    ? options.instrumentClient
      ? options.instrumentClient(options.client)
      : options.client
    : databaseClient(config, options.instrumentClient);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const stores = createDynamoDbStores(client, config.AIM_TABLE_NAME, { auditRetentionDays: config.AIM_AUDIT_RETENTION_DAYS });
  // Detections revoke all an identity holds (services/containment.ts); its warning goes to the apps' log once appDeps is given one.
  let containmentLog: ((entry: Record<string, unknown>) => void) | undefined;
  const containment = new ContainmentService({
    agents: stores.agents,
    tokens: stores.tokens,
    delegations: stores.delegations,
    audit: stores.audit,
    mode: config.AIM_CONTAINMENT,
    log: (entry) => containmentLog?.(entry),
    clock,
    ids,
  });
  const tokens = new TokenService({ tokens: stores.tokens, agents: stores.agents, containment, clock, ids, agentCredentials: config.AIM_AGENT_CREDENTIALS });
  const organisations = new OrganisationService({
    organisations: stores.organisations,
    tokenService: tokens,
    // A name holding a secret is refused, and what it gives access to revoked (leaked-secrets.ts).
    keys: stores.tokens,
    invitations: stores.invitations,
    agents: stores.agents,
    agentCredentials: config.AIM_AGENT_CREDENTIALS,
    clock,
    ids,
  });
  const plans = new PlanService({
    plans: stores.plans,
    assessments: stores.assessments,
    memberships: stores.memberships,
    people: stores.people,
    agents: stores.agents,
    scopes: stores.scopes,
    catalogue,
    clock,
    ids,
  });
  const assessments = new AssessmentService({
    ...stores,
    containment,
    catalogue,
    clock,
    ids,
    // A submit carries an existing plan forward (docs/plan.md); a failure is logged and the plan can be carried forward by hand.
    afterSubmit: (organisationId, submitted, actor) =>
      plans.afterSubmit(organisationId, submitted, actor).catch((error: unknown) => {
        containmentLog?.({ level: 'warn', message: 'plan not carried forward after submit', assessmentId: submitted.id, error: String(error) });
      }),
  });
  const upgrades = new AssessmentUpgradeService({ assessments: stores.assessments, catalogue, clock, ids });
  const benchmarks = new BenchmarkService({
    benchmarks: stores.benchmarks,
    assessments: stores.assessments,
    releases: stores.releases,
    kAnonymity: config.AIM_K_ANONYMITY,
    release: releaseSettingsOf(config),
    random: options.random ?? cryptoRandomSource(),
    domainIdsOf: (questionnaireId) => domainIdsOf(catalogue, questionnaireId),
    questionnaireOf: (questionnaireId, version) => catalogue.all().find((q) => q.id === questionnaireId && q.version === version),
    clock,
    ids,
  });
  const targets = new TargetService({ targets: stores.targets, catalogue, clock, ids });
  const scopes = new ScopeService({ scopes: stores.scopes, assessments: stores.assessments, memberships: stores.memberships, catalogue, clock, ids });
  const milestones = new MilestoneService({
    milestones: stores.milestones,
    assessments: stores.assessments,
    targets: stores.targets,
    plans: stores.plans,
    scopes: stores.scopes,
    catalogue,
    benchmarks,
    clock,
    ids,
  });
  const reports = new ReportService({
    assessments: stores.assessments,
    organisations: stores.organisations,
    reports: stores.reports,
    catalogue,
    benchmarks,
    clock,
    ids,
    kAnonymity: config.AIM_K_ANONYMITY,
    minimumCohort: config.AIM_BENCHMARK_MINIMUM,
    targets: stores.targets,
    // The live plan, shown when it follows the report's assessment (docs/reports.md).
    plans: stores.plans,
    ...(options.reportFiles ? { files: options.reportFiles } : {}),
    // The release a report made now compares with: the current period's (services/benchmarks.ts, releaseFor).
    currentRelease: () => releaseDateOf(clock.now(), config.AIM_RELEASE_PERIOD),
  });
  const invitations = new InvitationService({ invitations: stores.invitations, tokenService: tokens, clock, ids });
  const verification = new VerificationService({
    organisations: stores.organisations,
    verification: stores.verification,
    benchmarks: stores.benchmarks,
    clock,
    ids,
  });
  const auditTrail = new AuditTrailService({
    audit: stores.audit,
    names: { ...stores, catalogue },
  });
  const leakedSecrets = new LeakedSecretService({ tokens: stores.tokens, invitations: stores.invitations, agents: stores.agents, containment, clock, ids });
  const accessAudit = new AccessAuditService({ audit: stores.audit, clock, ids });
  // Shared-use detection; its warning goes to the apps' log once appDeps is given one (logTo).
  const sightings = new CredentialSightingService({
    sightings: stores.sightings,
    rule: { networks: config.AIM_SHARED_USE_SOURCES, keys: 2, windowMinutes: config.AIM_SHARED_USE_WINDOW_MINUTES },
    clock,
    ids,
  });
  if (config.AIM_SHARED_USE_RESPONSE === 'contain')
    sightings.onSuspected(async (credential, detail) => {
      await containment.contain(
        { organisationId: credential.organisationId, id: credential.id },
        `used from ${detail.sources} sources within the shared-use window`,
      );
    });
  const auditLedger = auditLedgerService(config, client, clock, options.auditLedger);
  const agents = new AgentService({
    agents: stores.agents,
    replays: stores.replays,
    keys: stores.tokens,
    containment,
    signer: options.signer,
    issuer: () => config.AIM_ISSUER,
    tokenMinutes: config.AIM_AGENT_TOKEN_MINUTES,
    clock,
    ids,
    delegations: stores.delegations,
    memberships: stores.memberships,
    federation: {
      issuers: remoteWorkloadIssuers({ allowHttpLoopback: config.AIM_FEDERATION_ALLOW_HTTP_LOOPBACK }),
      allowHttpLoopback: config.AIM_FEDERATION_ALLOW_HTTP_LOOPBACK,
    },
    keyExchange: new KeyExchange({ keys: stores.tokens, assessments: stores.assessments, clock, agentCredentials: config.AIM_AGENT_CREDENTIALS }),
    agentCredentials: config.AIM_AGENT_CREDENTIALS,
  });
  const delegations = new DelegationService({ delegations: stores.delegations, agents: stores.agents, assessments: stores.assessments, clock, ids });
  // People sign in through the configured OpenID Provider; locally its address is known only once it listens, so it is read at first use.
  let relyingParty: IdentityProviderClient | undefined;
  const provider = () => {
    if (options.identityProvider) return options.identityProvider;
    if (!config.AIM_OIDC_ISSUER || !config.AIM_OIDC_CLIENT_ID) return undefined;
    // A secret in Secrets Manager is read again when the provider refuses it (rotated); locally the platform updates the config.
    const secretId = config.AIM_OIDC_CLIENT_SECRET_ARN;
    relyingParty ??= openIdRelyingParty(
      () => ({
        issuer: config.AIM_OIDC_ISSUER!,
        clientId: config.AIM_OIDC_CLIENT_ID!,
        clientSecret: config.AIM_OIDC_CLIENT_SECRET ?? '',
        ...signInAddresses(config),
        scopes: config.AIM_OIDC_SCOPES,
      }),
      secretId
        ? {
            refreshClientSecret: rereadOidcClientSecret({
              secrets: secretsManagerReader({ region: config.AWS_REGION }),
              secretId,
              apply: (secret) => {
                config.AIM_OIDC_CLIENT_SECRET = secret;
              },
            }),
          }
        : {},
    );
    return relyingParty;
  };
  const sessions = new SessionService({
    sessions: stores.sessions,
    people: stores.people,
    memberships: stores.memberships,
    organisations: stores.organisations,
    provider,
    idleMinutes: config.AIM_SESSION_IDLE_MINUTES,
    maxHours: config.AIM_SESSION_MAX_HOURS,
    clock,
    ids,
  });
  const memberships = new MembershipService({
    memberships: stores.memberships,
    people: stores.people,
    organisations: stores.organisations,
    invitations: stores.invitations,
    tokens: stores.tokens,
    agents: stores.agents,
    clock,
    ids,
  });
  const organisationData = new OrganisationDataService({
    ...stores,
    withdrawFromBenchmarks: (organisationId) => benchmarks.withdrawOrganisation(organisationId),
    clock,
    ids,
  });
  return {
    client,
    stores,
    clock,
    ids,
    catalogue,
    tokens,
    agents,
    delegations,
    sessions,
    memberships,
    organisations,
    assessments,
    upgrades,
    benchmarks,
    reports,
    targets,
    plans,
    milestones,
    scopes,
    invitations,
    auditTrail,
    accessAudit,
    sightings,
    auditLedger,
    organisationData,
    verification,
    leakedSecrets,
    containment,
    /** Where containment writes its alarmed warning (the apps' log). */
    logContainmentTo(log: ((entry: Record<string, unknown>) => void) | undefined) {
      containmentLog = log;
    },
    async checkDatabase() {
      await client.send(new DescribeTableCommand({ TableName: config.AIM_TABLE_NAME }));
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The logger's listener for the secrets it masks (createObservability's reportSecretsTo):
 * each AIM key, invitation code or agent's private key that reached a log line is revoked
 * in the background (services/log-leaks.ts); failures go to `log`, without the secret.
 */
export const logLeakRevoker = (services: Services, log?: (entry: Record<string, unknown>) => void) =>
  new LogLeakRevoker({ revoke: (secret) => services.leakedSecrets.foundInLog(secret), log });

/** What the HTTP apps need, from the services. */
export function appDeps(services: Services, config: Config, log?: (entry: Record<string, unknown>) => void) {
  services.logContainmentTo(log);
  return {
    catalogue: services.catalogue,
    tokens: services.tokens,
    agents: services.agents,
    delegations: services.delegations,
    sessions: services.sessions,
    memberships: services.memberships,
    sessionMaxAgeSeconds: config.AIM_SESSION_MAX_HOURS * 3600,
    organisations: services.organisations,
    assessments: services.assessments,
    upgrades: services.upgrades,
    benchmarks: services.benchmarks,
    reports: services.reports,
    targets: services.targets,
    plans: services.plans,
    milestones: services.milestones,
    scopes: services.scopes,
    invitations: services.invitations,
    auditTrail: services.auditTrail,
    accessAudit: services.accessAudit,
    sightings: services.sightings.logTo(log),
    auditLedger: services.auditLedger,
    organisationData: services.organisationData,
    verification: services.verification,
    leakedSecrets: services.leakedSecrets,
    containment: services.containment,
    checkDatabase: services.checkDatabase,
    maxBodyBytes: config.AIM_MAX_BODY_BYTES,
    staticKeysOnApi: config.AIM_STATIC_KEYS_ON_API,
    webOrigin: config.AIM_WEB_ORIGIN,
    // Behind CloudFront (AWS): its viewer address is believed only with this secret header.
    trustedProxy: config.AIM_ORIGIN_VERIFY_SECRET ? { header: ORIGIN_VERIFY_HEADER, secret: config.AIM_ORIGIN_VERIFY_SECRET } : undefined,
    log,
    authThrottle: new FailedAuthThrottle({ limit: config.AIM_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000 }),
    registrationLimit: new SlidingWindowLimiter({ limit: config.AIM_REGISTRATIONS_PER_HOUR, windowMs: 3_600_000 }),
    invitationAcceptLimit: new SlidingWindowLimiter({ limit: config.AIM_INVITATION_ACCEPTS_PER_HOUR, windowMs: 3_600_000 }),
    leakReportLimit: new SlidingWindowLimiter({ limit: config.AIM_LEAK_REPORTS_PER_HOUR, windowMs: 3_600_000 }),
    reportRefreshLimit: new SlidingWindowLimiter({ limit: config.AIM_REPORT_REFRESHES_PER_HOUR, windowMs: 3_600_000 }),
  };
}
