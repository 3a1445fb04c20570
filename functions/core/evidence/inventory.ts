/**
 * Evidence imports (issue 20, docs/evidence.md): every supported inventory file (the AWS IAM
 * credential report, AWS account authorization details, Microsoft Entra service principals
 * and applications, AIM's own agent inventory template) is read into the same shape, one
 * `InventoryIdentity` per identity, from which facts are computed (./facts.ts). Only derived
 * facts and the file's SHA-256 are kept: an identity never leaves the import.
 */

export type InventorySource = 'aws-credential-report' | 'aws-authorization-details' | 'entra' | 'aim-template';

/** What an identity is, once classified (./classification.ts); `unknown` until then. */
export type IdentityKind = 'agent' | 'human' | 'workload' | 'unknown';

/** How one identity is held: its own (dedicated), several agents or people share it, or it is a person's own account. */
export type IdentityUse = 'dedicated' | 'shared' | 'personal';

export type CredentialKind = 'password' | 'access-key' | 'certificate' | 'client-secret' | 'federated';

export interface InventoryCredential {
  kind: CredentialKind;
  /** A static credential stays valid until someone rotates or revokes it; a federated one is issued per use. */
  static: boolean;
  active: boolean;
  /** ISO 8601 instants, or null when the source does not say. */
  createdAt: string | null;
  lastRotatedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** True when the credential stays valid until someone revokes it (an IAM access key, the template's `never`). */
  noExpiry?: boolean;
  /** The longest the credential stays valid, in days, when the source declares it (the template's max_lifetime_days). */
  maxLifetimeDays?: number | null;
}

export type DataSensitivity = 'public' | 'internal' | 'confidential' | 'restricted';

/** What AIM's template declares about the agent behind a row (aim-template only). */
export interface AgentDeclaration {
  /** The agent's name (the identity's `name` is the identity it authenticates with). */
  agent: string;
  purpose: string | null;
  dataSensitivity: DataSensitivity | null;
  actsForUsers: boolean | null;
  approvalsRequired: boolean | null;
}

export interface InventoryIdentity {
  source: InventorySource;
  /**
   * Unique within the file (an ARN, an object id), except in the template: there a row is one
   * agent, and several rows naming the same identity mean agents that share it.
   */
  key: string;
  name: string;
  /** What the source itself declares (the template's column), before the organisation's rules. */
  declaredKind: IdentityKind;
  tags: Record<string, string>;
  /** The accountable owner, or null when the source names none. */
  owner: string | null;
  use: IdentityUse | null;
  credentials: InventoryCredential[];
  /** The identity's own last use (for AWS: the password's, a role's RoleLastUsed), or null. */
  lastUsedAt: string | null;
  /** The environments the identity is used in (prod, staging…), when the source says. */
  environments: string[];
  /** Whether it holds permissions on every action or resource (`*`), or administrator rights; null when the source cannot tell. */
  wildcard: boolean | null;
  admin: boolean | null;
  /** A person's account used by automation: access keys in use while the console password never is. */
  automationOnHumanAccount: boolean;
  /** When the identity was created, when the source says (the credential report's user_creation_time). */
  createdAt?: string | null;
  /** The template's declaration of the agent, for template rows. */
  declaration?: AgentDeclaration;
}

/** Where a file could not be read: a CSV row (1-based, the header is row 1) or a JSON pointer, and why. */
export interface ImportProblem {
  at: { row: number; column?: string } | { pointer: string };
  message: string;
}
