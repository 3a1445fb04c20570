/** Builds every DynamoDB-backed store for one table. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAgentRepository, DynamoDbReplayRepository } from './agent-repository';
import { DynamoDbAssessmentRepository } from './assessment-repository';
import { DynamoDbAuditRepository } from './audit-repository';
import { DynamoDbBenchmarkRepository } from './benchmark-repository';
import { DynamoDbCredentialSightingRepository } from './credential-sighting-repository';
import { createDocumentClient } from './client';
import { DynamoDbDelegationRepository } from './delegation-repository';
import { DynamoDbIdempotencyRepository } from './idempotency-repository';
import { DynamoDbInvitationRepository } from './invitation-repository';
import { DynamoDbMembershipRepository, DynamoDbPersonRepository } from './membership-repository';
import { DynamoDbSessionRepository } from './session-repository';
import { DynamoDbTargetRepository } from './target-repository';
import { DynamoDbPlanRepository } from './plan-repository';
import { DynamoDbEvidenceRepository } from './evidence-repository';
import { DynamoDbClassificationRulesRepository } from './classification-rules-repository';
import { DynamoDbMilestoneRepository } from './milestone-repository';
import { DynamoDbScopeRepository } from './scope-repository';
import { DynamoDbOrganisationDataRepository } from './organisation-data-repository';
import { DynamoDbOrganisationRepository } from './organisation-repository';
import { DynamoDbReleaseRepository } from './release-repository';
import { DynamoDbReportRepository } from './report-repository';
import { DynamoDbTokenRepository } from './token-repository';
import { DynamoDbVerificationRepository } from './verification-repository';

export function createDynamoDbStores(client: DynamoDBClient, tableName: string, options: { auditRetentionDays?: number } = {}) {
  const ctx = { doc: createDocumentClient(client), tableName, auditRetentionDays: options.auditRetentionDays };
  return {
    organisations: new DynamoDbOrganisationRepository(ctx),
    organisationData: new DynamoDbOrganisationDataRepository(ctx),
    tokens: new DynamoDbTokenRepository(ctx),
    agents: new DynamoDbAgentRepository(ctx),
    replays: new DynamoDbReplayRepository(ctx),
    delegations: new DynamoDbDelegationRepository(ctx),
    assessments: new DynamoDbAssessmentRepository(ctx),
    idempotency: new DynamoDbIdempotencyRepository(ctx),
    audit: new DynamoDbAuditRepository(ctx),
    invitations: new DynamoDbInvitationRepository(ctx),
    benchmarks: new DynamoDbBenchmarkRepository(ctx),
    reports: new DynamoDbReportRepository(ctx),
    releases: new DynamoDbReleaseRepository(ctx),
    verification: new DynamoDbVerificationRepository(ctx),
    people: new DynamoDbPersonRepository(ctx),
    memberships: new DynamoDbMembershipRepository(ctx),
    sessions: new DynamoDbSessionRepository(ctx),
    sightings: new DynamoDbCredentialSightingRepository(ctx),
    targets: new DynamoDbTargetRepository(ctx),
    plans: new DynamoDbPlanRepository(ctx),
    milestones: new DynamoDbMilestoneRepository(ctx),
    evidence: new DynamoDbEvidenceRepository(ctx),
    classificationRules: new DynamoDbClassificationRulesRepository(ctx),
    scopes: new DynamoDbScopeRepository(ctx),
  };
}

export type Stores = ReturnType<typeof createDynamoDbStores>;
