/**
 * One table, keys from the access patterns. Everything an organisation owns lives in
 * its own partition, so a lookup with the caller's organisation id can never reach
 * another organisation's data (the 404 rule follows from the key design).
 *
 * | item                  | PK                  | SK                          | access pattern                           |
 * | --------------------- | ------------------- | --------------------------- | ---------------------------------------- |
 * | organisation profile  | ORG#<orgId>         | PROFILE                     | read profile                             |
 * | token pointer         | ORG#<orgId>         | TOKEN#<tokenId>             | list an organisation's tokens, revoke    |
 * | assessment (+answers) | ORG#<orgId>         | ASSESSMENT#<assessmentId>   | get, list, save answers, submit          |
 * | submission snapshot   | ORG#<orgId>         | SUBMISSION#<assessmentId>   | streamed to the aggregator               |
 * | audit event           | ORG#<orgId>         | AUDIT#<isoTime>#<eventId>   | audit trail in time order                |
 * | idempotency record    | ORG#<orgId>         | IDEMPOTENCY#<operation>#<key> | replay a retried request (TTL)         |
 * | invitation pointer    | ORG#<orgId>         | INVITATION#<invitationId>   | list an organisation's invitations       |
 * | report record         | ORG#<orgId>         | REPORT#<reportId>           | verify a generated report's SHA-256      |
 * | targets revision      | ORG#<orgId>         | TARGETS#<qId>#<revision, 6 digits> | the current targets (newest) and their history |
 * | plan header           | ORG#<orgId>         | PLAN#<subject>              | the plan: what it follows, its roadmap order (subject: planSubject) |
 * | plan item             | ORG#<orgId>         | PLANITEM#<subject>#<controlId> | the plan's items, each at its own revision |
 * | token (auth)          | TOKEN#<sha256>      | TOKEN                       | authenticate a bearer secret             |
 * | invitation (accept)   | INVITATION#<sha256> | INVITATION                  | accept an invite code, once              |
 * | agent pointer         | ORG#<orgId>         | AGENT#<agentId>             | list an organisation's agents, revoke    |
 * | agent (client)        | AGENT#<agentId>     | AGENT                       | the token endpoint and the API read it   |
 * | workload identity     | IDENTITY#<sha256>   | IDENTITY                    | one live agent per (issuer, subject); token endpoint lookup |
 * | agent key thumbprint  | AGENTKEY#<jkt>      | AGENT#<agentId>             | the agents a leaked private key belongs to (TTL: registration's end) |
 * | delegation pointer    | ORG#<orgId>         | DELEGATION#<agentId>#<id>   | list an agent's delegations, erasure     |
 * | delegation            | DELEGATION#<id>     | DELEGATION                  | token exchange and the API read it       |
 * | once (replay guard)   | ONCE#<key>          | ONCE                        | assertion and DPoP jti used once (TTL)   |
 * | person                | PERSON#<personId>   | PROFILE                     | the signed-in person's name and email    |
 * | membership (person's) | PERSON#<personId>   | MEMBER#<orgId or PLATFORM>  | a person's organisations                 |
 * | membership (truth)    | ORG#<orgId>         | MEMBER#<personId>           | authorize a session, list members        |
 * | session               | SESSION#<sha256>    | SESSION                     | a signed-in browser (TTL: absolute end)  |
 * | sign-in under way     | SIGNIN#<state>      | SIGNIN                      | the OpenID callback, once (TTL 10 min)   |
 * | benchmark contribution | ORG#<orgId>        | BENCHMARK#CONTRIBUTION#<qId>#<scope> | which submission counts where (docs/benchmarks.md) |
 * | benchmark participation | ORG#<orgId>       | BENCHMARK#PARTICIPATION     | contributing / opted-out / withdrawn, and verification |
 * | verification queue    | VERIFICATION#<status> | <createdAt>#<orgId>       | admins' queue per state, oldest first (verification-repository.ts) |
 * | benchmark cell        | BENCHCELL#<pop>#<qId>#<industry>#<size>#<region>#<period>#<shard> | CELL | cohort histograms (benchmark-items.ts) |
 * | benchmark release     | BENCHRELEASE#<qId>  | <release date>              | a period's private figures, written once (release-repository.ts) |
 * | credential sightings | SIGHTINGS#<kind>#<id> | SIGHTINGS                 | a key's or agent's recent sources (TTL; credential-sighting-repository.ts) |
 * | commit barrier        | COMMIT-BARRIER      | COMMIT-BARRIER              | never written; read after each transaction on DynamoDB Local (commit-barrier.ts) |
 * | scope                 | ORG#<orgId>         | SCOPE#<scopeId>             | an organisation's scopes (scope-repository.ts) |
 * | scope name guard      | ORG#<orgId>         | SCOPENAME#<lower-case name> | keeps scope names unique, written with the scope |
 * | milestone             | ORG#<orgId>         | MILESTONE#<milestoneId>     | an organisation's milestones (milestone-repository.ts) |
 * | milestone name guard  | ORG#<orgId>         | MILESTONENAME#<lower-case NFC name> | keeps milestone names unique, written with the milestone |
 * | evidence import       | ORG#<orgId>         | EVIDENCE#<assessmentId>#<importId> | an assessment's evidence imports: facts and proposals (evidence-repository.ts) |
 * | classification rules  | ORG#<orgId>         | CLASSIFICATIONRULES         | the organisation's rules for evidence imports, one item at its current revision (classification-rules-repository.ts) |
 * | evidence upload       | ORG#<orgId>         | EVIDENCEUPLOAD#<uploadId>   | a prepared upload of a large file: format, name, size, object key, never the file (TTL; evidence-upload-repository.ts) |
 *
 * Platform tokens (analyst, admin) and their audit events use the partition PLATFORM.
 */
export const PLATFORM = 'PLATFORM';

export const orgPartition = (organisationId: string | null) => (organisationId ? `ORG#${organisationId}` : PLATFORM);

/**
 * What a plan's keys name: the questionnaire for the whole organisation's plan (as before
 * scopes existed, so those keys stay valid), `<qId>@<scopeId>` for a scope's. Neither
 * questionnaire nor scope ids hold `@` or `#`, so subjects never prefix one another.
 */
export const planSubject = (questionnaireId: string, scopeId?: string | null) => (scopeId ? `${questionnaireId}@${scopeId}` : questionnaireId);

/** Sort-key prefixes that select a group of items within a partition. */
export const keyPrefixes = {
  /** Every revision of the targets on one questionnaire (the `#` keeps `a` from matching `ab`). */
  targets: (questionnaireId: string) => `TARGETS#${questionnaireId}#`,
  /** Every item of one plan (its subject: planSubject). */
  planItems: (subject: string) => `PLANITEM#${subject}#`,
  /** Every milestone of an organisation (not their name guards: `MILESTONENAME#` does not begin with `MILESTONE#`). */
  milestones: 'MILESTONE#',
  /** Every evidence import of one assessment (the `#` keeps `a` from matching `ab`). */
  evidence: (assessmentId: string) => `EVIDENCE#${assessmentId}#`,
} as const;

export const keys = {
  profile: (orgId: string) => ({ PK: orgPartition(orgId), SK: 'PROFILE' }),
  tokenPointer: (orgId: string | null, tokenId: string) => ({ PK: orgPartition(orgId), SK: `TOKEN#${tokenId}` }),
  token: (hash: string) => ({ PK: `TOKEN#${hash}`, SK: 'TOKEN' }),
  invitationPointer: (orgId: string, id: string) => ({ PK: orgPartition(orgId), SK: `INVITATION#${id}` }),
  invitation: (hash: string) => ({ PK: `INVITATION#${hash}`, SK: 'INVITATION' }),
  assessment: (orgId: string, id: string) => ({ PK: orgPartition(orgId), SK: `ASSESSMENT#${id}` }),
  submission: (orgId: string, assessmentId: string) => ({ PK: orgPartition(orgId), SK: `SUBMISSION#${assessmentId}` }),
  audit: (orgId: string | null, at: string, id: string) => ({ PK: orgPartition(orgId), SK: `AUDIT#${at}#${id}` }),
  idempotency: (organisationId: string, key: string) => ({ PK: orgPartition(organisationId), SK: `IDEMPOTENCY#${key}` }),
  report: (orgId: string, reportId: string) => ({ PK: orgPartition(orgId), SK: `REPORT#${reportId}` }),
  /** One revision of an organisation's targets; zero-padded so that the sort key orders revisions. */
  targets: (orgId: string, questionnaireId: string, revision: number) => ({
    PK: orgPartition(orgId),
    SK: `${keyPrefixes.targets(questionnaireId)}${String(revision).padStart(6, '0')}`,
  }),
  /** One plan's header (services/plan.ts); `subject` from planSubject. */
  plan: (orgId: string, subject: string) => ({ PK: orgPartition(orgId), SK: `PLAN#${subject}` }),
  planItem: (orgId: string, subject: string, controlId: string) => ({
    PK: orgPartition(orgId),
    SK: `${keyPrefixes.planItems(subject)}${controlId}`,
  }),
  verificationQueue: (status: string, createdAt: string, orgId: string) => ({ PK: `VERIFICATION#${status}`, SK: `${createdAt}#${orgId}` }),
  agentPointer: (orgId: string | null, id: string) => ({ PK: orgPartition(orgId), SK: `AGENT#${id}` }),
  agent: (id: string) => ({ PK: `AGENT#${id}`, SK: 'AGENT' }),
  /** `hash`: SHA-256 (hex) of the issuer and subject, so that any length and character fits a key. */
  workloadIdentity: (hash: string) => ({ PK: `IDENTITY#${hash}`, SK: 'IDENTITY' }),
  /** `jkt`: the RFC 7638 thumbprint of the agent's public key (base64url). */
  agentKey: (jkt: string, agentId: string) => ({ PK: `AGENTKEY#${jkt}`, SK: `AGENT#${agentId}` }),
  delegationPointer: (orgId: string, agentId: string, id: string) => ({ PK: orgPartition(orgId), SK: `DELEGATION#${agentId}#${id}` }),
  delegation: (id: string) => ({ PK: `DELEGATION#${id}`, SK: 'DELEGATION' }),
  once: (key: string) => ({ PK: `ONCE#${key}`, SK: 'ONCE' }),
  person: (personId: string) => ({ PK: `PERSON#${personId}`, SK: 'PROFILE' }),
  personMembership: (personId: string, orgId: string | null) => ({ PK: `PERSON#${personId}`, SK: `MEMBER#${orgId ?? PLATFORM}` }),
  membership: (orgId: string | null, personId: string) => ({ PK: orgPartition(orgId), SK: `MEMBER#${personId}` }),
  session: (hash: string) => ({ PK: `SESSION#${hash}`, SK: 'SESSION' }),
  signIn: (state: string) => ({ PK: `SIGNIN#${state}`, SK: 'SIGNIN' }),
  sightings: (kind: string, id: string) => ({ PK: `SIGHTINGS#${kind}#${id}`, SK: 'SIGHTINGS' }),
  scope: (orgId: string, scopeId: string) => ({ PK: orgPartition(orgId), SK: `SCOPE#${scopeId}` }),
  /** The name folded to lower case (NFC already), so that "Payments" and "payments" are one name. */
  scopeName: (orgId: string, name: string) => ({ PK: orgPartition(orgId), SK: `SCOPENAME#${name.toLowerCase()}` }),
  milestone: (orgId: string, milestoneId: string) => ({ PK: orgPartition(orgId), SK: `MILESTONE#${milestoneId}` }),
  /** The name in NFC folded to lower case, so that "Q3 review" and "q3 REVIEW" are one name. */
  milestoneName: (orgId: string, name: string) => ({ PK: orgPartition(orgId), SK: `MILESTONENAME#${name.normalize('NFC').toLowerCase()}` }),
  evidence: (orgId: string, assessmentId: string, importId: string) => ({ PK: orgPartition(orgId), SK: `EVIDENCE#${assessmentId}#${importId}` }),
  classificationRules: (orgId: string) => ({ PK: orgPartition(orgId), SK: 'CLASSIFICATIONRULES' }),
} as const;

/** The `type` attribute on every item; the stream filter selects `submission`. */
export const ItemType = {
  profile: 'organisation',
  tokenPointer: 'token-pointer',
  token: 'token',
  invitationPointer: 'invitation-pointer',
  invitation: 'invitation',
  assessment: 'assessment',
  submission: 'submission',
  audit: 'audit',
  idempotency: 'idempotency',
  report: 'report',
  targets: 'targets',
  plan: 'plan',
  planItem: 'plan-item',
  verificationQueue: 'verification-queue',
  agentPointer: 'agent-pointer',
  agent: 'agent',
  workloadIdentity: 'workload-identity',
  agentKey: 'agent-key',
  delegationPointer: 'delegation-pointer',
  delegation: 'delegation',
  once: 'once',
  person: 'person',
  personMembership: 'person-membership',
  membership: 'membership',
  session: 'session',
  signIn: 'sign-in',
  sightings: 'sightings',
  scope: 'scope',
  scopeName: 'scope-name',
  milestone: 'milestone',
  milestoneName: 'milestone-name',
  evidence: 'evidence-import',
  classificationRules: 'classification-rules',
} as const;
