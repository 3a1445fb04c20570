/**
 * The organisation's review of a file's classification before it imports it (issue 20,
 * docs/evidence.md, "Reviewing the classification"): each identity the file lists, once, with
 * a short description a reviewer can recognise it by, its kind and the reason for the kind.
 * The list is bounded: the identities a reviewer must look at (agents and those no rule
 * decides) come first, then people and other workloads, at most `limit` in all.
 */
import type { Classification } from './classification';
import type { IdentityKind, InventoryIdentity } from './inventory';

/** The most identities a review lists; the counts still cover the whole file. */
export const MAX_REVIEW_IDENTITIES = 2000;
/** A description is a hint, not a record: it stops at this many characters. */
export const MAX_DETAIL_LENGTH = 200;

export interface ReviewIdentity {
  /** The identity's key, as corrections name it (an ARN, an Entra object id, the template's identity). */
  key: string;
  name: string;
  detail: string;
  kind: IdentityKind;
  reason: string;
  /** How many of the file's entries name this identity (more than one only where agents share it in the template). */
  rows: number;
}

export interface ClassificationReview {
  counts: Record<IdentityKind, number>;
  /** Distinct identities in the file. */
  total: number;
  identities: ReviewIdentity[];
  truncated: boolean;
}

const day = (at: string | null | undefined) => (at ? at.slice(0, 10) : null);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function typeOf(identity: InventoryIdentity): string {
  switch (identity.source) {
    case 'aws-credential-report':
    case 'aws-authorization-details':
      if (/:root$/.test(identity.key)) return 'AWS account root user';
      return /:role\//.test(identity.key) ? 'IAM role' : 'IAM user';
    case 'entra':
      return 'Entra application';
    case 'aim-template':
      return 'agent inventory template';
  }
}

function credentialsOf(identity: InventoryIdentity): string | null {
  const active = identity.credentials.filter((c) => c.active);
  const parts: string[] = [];
  const password = active.find((c) => c.kind === 'password');
  if (password)
    parts.push(
      identity.source !== 'aws-credential-report' ? 'password' : password.lastUsedAt ? `password used ${day(password.lastUsedAt)}` : 'password never used',
    );
  const count = (kind: string) => active.filter((c) => c.kind === kind).length;
  const keys = count('access-key');
  if (keys) parts.push(plural(keys, 'access key'));
  const secrets = count('client-secret');
  if (secrets) parts.push(plural(secrets, 'client secret'));
  const certificates = count('certificate');
  if (certificates) parts.push(plural(certificates, 'certificate'));
  if (identity.source !== 'aws-authorization-details' && count('federated')) parts.push('federated');
  return parts.length ? parts.join(', ') : null;
}

/** A short description of an identity for the review table: its type, credentials, use, owner, tags and rights. */
export function identityDetail(identity: InventoryIdentity): string {
  const parts: string[] = [typeOf(identity)];
  if (identity.use) parts.push(identity.use);
  const credentials = credentialsOf(identity);
  if (credentials) parts.push(credentials);
  if (identity.source === 'aws-authorization-details' && identity.lastUsedAt) parts.push(`last used ${day(identity.lastUsedAt)}`);
  if (identity.owner) parts.push(`owner ${identity.owner}`);
  if (identity.admin) parts.push('administrator');
  else if (identity.wildcard) parts.push('wildcard rights');
  const tags = Object.entries(identity.tags);
  if (tags.length)
    parts.push(
      `tags ${tags
        .slice(0, 3)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}${tags.length > 3 ? ` (+${tags.length - 3})` : ''}`,
    );
  // Last, so that the agents sharing a template identity can be added to it (ReviewCollector).
  if (identity.declaration) parts.push(`for ${identity.declaration.agent}`);
  const text = parts.join(' · ');
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…` : text;
}

const needsLook = (kind: IdentityKind) => kind === 'agent' || kind === 'unknown';

/**
 * Collects a file's identities for review as they stream by: the counts of every identity, and
 * at most `limit` distinct identities listed (agents and unclassified first, each group in file
 * order). Memory holds at most twice `limit` entries and the set of keys seen.
 */
export class ReviewCollector {
  private readonly counts: Record<IdentityKind, number> = { agent: 0, human: 0, workload: 0, unknown: 0 };
  private readonly seen = new Set<string>();
  private readonly listed = new Map<string, ReviewIdentity>();
  private readonly first: ReviewIdentity[] = [];
  private readonly rest: ReviewIdentity[] = [];

  constructor(private readonly limit = MAX_REVIEW_IDENTITIES) {}

  add(identity: InventoryIdentity, classification: Classification): void {
    this.counts[classification.kind] += 1;
    const known = this.listed.get(identity.key);
    if (known) {
      known.rows += 1;
      const agent = identity.declaration?.agent;
      if (agent && known.detail.length < MAX_DETAIL_LENGTH && !known.detail.includes(agent)) {
        const text = `${known.detail}, ${agent}`;
        known.detail = text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…` : text;
      }
      return;
    }
    if (this.seen.has(identity.key)) return;
    this.seen.add(identity.key);
    const bucket = needsLook(classification.kind) ? this.first : this.rest;
    if (bucket.length >= this.limit) return;
    const entry: ReviewIdentity = {
      key: identity.key,
      name: identity.name,
      detail: identityDetail(identity),
      kind: classification.kind,
      reason: classification.reason,
      rows: 1,
    };
    bucket.push(entry);
    this.listed.set(identity.key, entry);
  }

  review(): ClassificationReview {
    const identities = [...this.first, ...this.rest].slice(0, this.limit);
    return { counts: { ...this.counts }, total: this.seen.size, identities, truncated: this.seen.size > identities.length };
  }
}
