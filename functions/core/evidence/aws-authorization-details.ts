/**
 * The AWS IAM account authorization details (`aws iam get-account-authorization-details`,
 * JSON) read into inventory identities: one per user and one per role, with their tags,
 * owner (an `owner` tag), last use (roles), and whether their permissions are wildcard or
 * administrator ones.
 *
 * Reading is incremental (./json-scan.ts) and in two passes over the file, because the CLI
 * writes the managed policies (`Policies`) last, after the users and roles they decide:
 * 1. the managed policies and the groups are read, and each is reduced to two booleans
 *    (wildcard, admin) and, for a group, the ARNs of the policies attached to it;
 * 2. the users and roles are read one at a time and each is yielded as soon as it is read.
 * What stays in memory for the whole read: those summaries (one small entry per managed policy
 * and per group, never a document), the keys seen (to refuse duplicates), and one element.
 *
 * Permissions, precisely. A policy statement counts when its Effect is `Allow`; Deny statements,
 * conditions, permissions boundaries and organisation policies are not evaluated (the facts say
 * what the attached policies grant, not what a request would be allowed). A statement applies to
 * every resource when its `Resource` includes `*`, or when it names `NotResource` (everything
 * but a few). It is
 * - an administrator grant when `Action` includes `*` and it applies to every resource;
 * - a wildcard grant when it applies to every resource and `Action` includes `*` or a whole
 *   service (`service:*`, such as `s3:*`), or it names `NotAction` (every action but a few).
 * An identity is `admin` when the AWS managed AdministratorAccess policy is attached to it or to
 * one of its groups, or any policy it holds (inline, attached managed policies at their default
 * version, its groups' inline and attached policies) has an administrator grant; `wildcard` when
 * it is admin or any of them has a wildcard grant. When a policy the identity holds cannot be
 * read (missing from the file, unreadable), the answer is null unless another policy already
 * makes it true. A role's trust policy (AssumeRolePolicyDocument) grants nothing and is only checked.
 */
import { z } from 'zod';
import type { ImportProblem, InventoryCredential, InventoryIdentity } from './inventory';
import {
  addEnvironments,
  dateAt,
  ENVIRONMENT_TAGS,
  type InventoryItem,
  issueMessage,
  type JsonSource,
  pointerOf,
  type ReadOptions,
  type ScanEvent,
  scanJson,
  secretsIn,
  zodProblems,
} from './json-scan';

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

const text = z.string();
const stringOrList = z.union([z.string(), z.array(z.string())]);
const documentField = z.union([z.string(), z.record(z.string(), z.unknown())]);
const Tag = z.object({ Key: z.string(), Value: z.string() });
const AttachedPolicy = z.object({ PolicyName: z.string().optional(), PolicyArn: z.string().min(1) });
const InlinePolicy = z.object({ PolicyName: z.string().optional(), PolicyDocument: documentField });

const User = z.object({
  UserName: z.string().min(1),
  UserId: text.optional(),
  Arn: z.string().min(1),
  CreateDate: text.optional(),
  GroupList: z.array(z.string()).optional(),
  AttachedManagedPolicies: z.array(AttachedPolicy).optional(),
  UserPolicyList: z.array(InlinePolicy).optional(),
  Tags: z.array(Tag).optional(),
});
type User = z.infer<typeof User>;

const Role = z.object({
  RoleName: z.string().min(1),
  RoleId: text.optional(),
  Arn: z.string().min(1),
  CreateDate: text.optional(),
  AssumeRolePolicyDocument: documentField.optional(),
  RolePolicyList: z.array(InlinePolicy).optional(),
  AttachedManagedPolicies: z.array(AttachedPolicy).optional(),
  // The CLI writes an empty object for a role never used.
  RoleLastUsed: z.object({ LastUsedDate: text.optional(), Region: text.optional() }).optional(),
  Tags: z.array(Tag).optional(),
});
type Role = z.infer<typeof Role>;

const Group = z.object({
  GroupName: z.string().min(1),
  GroupId: text.optional(),
  Arn: text.optional(),
  GroupPolicyList: z.array(InlinePolicy).optional(),
  AttachedManagedPolicies: z.array(AttachedPolicy).optional(),
});

const Policy = z.object({
  PolicyName: text.optional(),
  Arn: z.string().min(1),
  DefaultVersionId: text.optional(),
  PolicyVersionList: z.array(z.object({ Document: documentField.optional(), VersionId: text.optional(), IsDefaultVersion: z.boolean().optional() })).optional(),
});

const Statement = z.object({
  Effect: z.enum(['Allow', 'Deny']),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
});
// One statement or a list of them; read as a list so that a problem names the statement.
const PolicyDocument = z.object({ Version: text.optional(), Statement: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(Statement)) });
type PolicyDocument = z.infer<typeof PolicyDocument>;

/** What a policy grants, for the two facts; `unknown` when it could not be read. */
export interface Grants {
  wildcard: boolean;
  admin: boolean;
  unknown: boolean;
}

const NONE: Grants = { wildcard: false, admin: false, unknown: false };
const UNKNOWN: Grants = { wildcard: false, admin: false, unknown: true };
const ADMIN: Grants = { wildcard: true, admin: true, unknown: false };

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

/** The grants of one policy document, by the rules in the module comment. */
export function grantsOf(document: PolicyDocument): Grants {
  let wildcard = false;
  let admin = false;
  for (const s of document.Statement) {
    if (s.Effect !== 'Allow') continue;
    const everyResource = list(s.Resource).includes('*') || s.NotResource !== undefined;
    if (!everyResource) continue;
    const actions = list(s.Action);
    if (actions.includes('*')) {
      admin = true;
      wildcard = true;
    } else if (s.NotAction !== undefined || actions.some((a) => SERVICE_WILDCARD.test(a))) wildcard = true;
  }
  return { wildcard, admin, unknown: false };
}

function combine(all: readonly Grants[]): Grants {
  return all.reduce((a, b) => ({ wildcard: a.wildcard || b.wildcard, admin: a.admin || b.admin, unknown: a.unknown || b.unknown }), NONE);
}

/** A true answer stands; otherwise an unreadable policy makes it unknown (null). */
const answer = (g: Grants, key: 'wildcard' | 'admin'): boolean | null => (g[key] ? true : g.unknown ? null : false);

/**
 * A policy document as the file holds it: an object (the CLI decodes it), or the API's
 * URL-encoded JSON text (RFC 3986; `+` for a space is accepted too), or plain JSON text.
 */
export function decodePolicyDocument(raw: unknown): { ok: true; document: PolicyDocument } | { ok: false; message: string; path: (string | number)[] } {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    const attempts = raw.trimStart().startsWith('{') ? [raw] : [];
    try {
      attempts.push(decodeURIComponent(raw));
      attempts.push(decodeURIComponent(raw.replace(/\+/g, ' ')));
    } catch {
      // Not URL-encoded: only the plain attempt remains.
    }
    value = undefined;
    for (const attempt of attempts) {
      try {
        value = JSON.parse(attempt);
        break;
      } catch {
        // the next decoding, if any
      }
    }
    if (value === undefined) return { ok: false, message: 'the policy document is neither JSON nor URL-encoded JSON', path: [] };
  }
  const parsed = PolicyDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      message: `the policy document is not readable: ${issueMessage(issue)}`,
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    };
  }
  return { ok: true, document: parsed.data };
}

/** The grants of a document at `pointer`, reporting it when unreadable. */
function grantsAt(raw: unknown, pointer: string, problems: ImportProblem[]): Grants {
  const decoded = decodePolicyDocument(raw);
  if (!decoded.ok) {
    problems.push({ at: { pointer: pointer + pointerOf(...decoded.path) }, message: decoded.message });
    return UNKNOWN;
  }
  return grantsOf(decoded.document);
}

/** AWS tags as a record; the `owner` tag (any case) names the owner, `environment` or `env` the environments. */
function tagsOf(tags: readonly { Key: string; Value: string }[] | undefined) {
  const record: Record<string, string> = {};
  let owner: string | null = null;
  const environments: string[] = [];
  for (const { Key, Value } of tags ?? []) {
    record[Key] = Value;
    const key = Key.trim().toLowerCase();
    if (key === 'owner' && Value.trim()) owner = Value.trim();
    if (ENVIRONMENT_TAGS.has(key)) addEnvironments(Value, environments);
  }
  return { tags: record, owner, environments };
}

interface GroupSummary {
  own: Grants;
  attached: string[];
}

interface Index {
  policies: Map<string, Grants>;
  groups: Map<string, GroupSummary>;
}

function attachedGrants(arns: readonly string[], index: Index): Grants {
  return combine(arns.map((arn) => (ADMINISTRATOR_ACCESS.test(arn) ? ADMIN : (index.policies.get(arn) ?? UNKNOWN))));
}

/** Pass 1: the managed policies (each at its default version) and the groups, reduced to their grants. */
async function indexPolicies(events: AsyncIterable<ScanEvent>, index: Index, problems: ImportProblem[]): Promise<boolean> {
  for await (const event of events) {
    if (event.kind === 'problem') {
      problems.push({ at: { pointer: event.pointer }, message: event.message });
      if (event.fatal) return false;
    } else if (event.kind === 'root') {
      if (event.type !== 'object') {
        problems.push({ at: { pointer: '' }, message: 'expected the object that get-account-authorization-details writes, found an array' });
        return false;
      }
    } else if (event.kind === 'member') {
      if (event.key === 'IsTruncated' && event.value === true)
        problems.push({
          at: { pointer: event.pointer },
          message: 'this is one page of several (IsTruncated is true): export with the AWS CLI, which fetches every page',
        });
      else if (SECTIONS.has(event.key)) problems.push({ at: { pointer: event.pointer }, message: 'expected an array' });
    } else if (event.kind === 'element') {
      // A policy or group holding what looks like a secret is not read (its holders' grants become unknown).
      if (secretsIn(event.value, event.pointer, problems) > 0) continue;
      if (event.key === 'Policies') readPolicy(event.value, event.pointer, index, problems);
      else if (event.key === 'GroupDetailList') readGroup(event.value, event.pointer, index, problems);
    }
  }
  return true;
}

function readPolicy(value: unknown, pointer: string, index: Index, problems: ImportProblem[]): void {
  const parsed = Policy.safeParse(value);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, pointer));
    return;
  }
  const p = parsed.data;
  const versions = p.PolicyVersionList ?? [];
  let at = versions.findIndex((v) => v.IsDefaultVersion === true);
  if (at < 0 && p.DefaultVersionId !== undefined) at = versions.findIndex((v) => v.VersionId === p.DefaultVersionId);
  const version = versions[at];
  if (!version || version.Document === undefined) {
    problems.push({ at: { pointer }, message: 'the policy has no default version with a document' });
    index.policies.set(p.Arn, UNKNOWN);
    return;
  }
  index.policies.set(p.Arn, grantsAt(version.Document, `${pointer}/PolicyVersionList/${at}/Document`, problems));
}

function readGroup(value: unknown, pointer: string, index: Index, problems: ImportProblem[]): void {
  const parsed = Group.safeParse(value);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, pointer));
    return;
  }
  const g = parsed.data;
  const own = combine((g.GroupPolicyList ?? []).map((p, i) => grantsAt(p.PolicyDocument, `${pointer}/GroupPolicyList/${i}/PolicyDocument`, problems)));
  index.groups.set(g.GroupName, { own, attached: (g.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn) });
}

const SECTIONS = new Set(['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']);

function identityOf(kind: 'user' | 'role', entry: User | Role, pointer: string, index: Index, problems: ImportProblem[]): InventoryIdentity | null {
  const before = problems.length;
  const inline = kind === 'user' ? (entry as User).UserPolicyList : (entry as Role).RolePolicyList;
  const listName = kind === 'user' ? 'UserPolicyList' : 'RolePolicyList';
  const grants: Grants[] = (inline ?? []).map((p, i) => grantsAt(p.PolicyDocument, `${pointer}/${listName}/${i}/PolicyDocument`, problems));
  grants.push(
    attachedGrants(
      (entry.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      index,
    ),
  );
  if (kind === 'user')
    for (const name of (entry as User).GroupList ?? []) {
      const group = index.groups.get(name);
      grants.push(group ? combine([group.own, attachedGrants(group.attached, index)]) : UNKNOWN);
    }
  const createdAt = dateAt(entry.CreateDate, `${pointer}/CreateDate`, problems);
  const { tags, owner, environments } = tagsOf(entry.Tags);
  const credentials: InventoryCredential[] = [];
  let lastUsedAt: string | null = null;
  if (kind === 'role') {
    const role = entry as Role;
    if (role.AssumeRolePolicyDocument !== undefined) {
      const trust = decodePolicyDocument(role.AssumeRolePolicyDocument);
      if (!trust.ok) problems.push({ at: { pointer: `${pointer}/AssumeRolePolicyDocument${pointerOf(...trust.path)}` }, message: trust.message });
    }
    lastUsedAt = dateAt(role.RoleLastUsed?.LastUsedDate, `${pointer}/RoleLastUsed/LastUsedDate`, problems);
    // A role has no credential of its own: whoever assumes it gets short-lived ones.
    credentials.push({ kind: 'federated', static: false, active: true, createdAt, lastRotatedAt: null, lastUsedAt, expiresAt: null });
  }
  // An unreadable date refuses the identity; an unreadable policy only makes its grants unknown.
  if (problems.slice(before).some((p) => 'pointer' in p.at && /\/(CreateDate|LastUsedDate)$/.test(p.at.pointer))) return null;
  const all = combine(grants);
  return {
    source: 'aws-authorization-details',
    key: entry.Arn,
    name: kind === 'user' ? (entry as User).UserName : (entry as Role).RoleName,
    declaredKind: 'unknown',
    tags,
    owner,
    use: null,
    credentials,
    lastUsedAt,
    environments,
    wildcard: answer(all, 'wildcard'),
    admin: answer(all, 'admin'),
    automationOnHumanAccount: false,
    createdAt,
  };
}

/**
 * Reads an authorization details file: `source` is its whole text, or a function that opens
 * it afresh (it is read twice, see the module comment). Yields identities and problems in
 * file order; a problem with an element refuses that element only, a broken document ends the read.
 */
export async function* readAuthorizationDetails(source: string | (() => JsonSource), options: ReadOptions = {}): AsyncGenerator<InventoryItem> {
  const open = typeof source === 'string' ? () => source : source;
  const index: Index = { policies: new Map(), groups: new Map() };
  const problems: ImportProblem[] = [];
  const top = new Set<string>();
  const first = scanJson(open(), {
    member: (key) => {
      top.add(key);
      return key === 'Policies' || key === 'GroupDetailList' ? 'elements' : key === 'UserDetailList' || key === 'RoleDetailList' ? 'skip' : 'value';
    },
    maxValueChars: options.maxValueChars,
  });
  const readable = await indexPolicies(first, index, problems);
  for (const problem of problems.splice(0)) yield { problem };
  if (!readable) return;
  if (!top.has('UserDetailList') && !top.has('RoleDetailList') && !top.has('GroupDetailList') && !top.has('Policies')) {
    yield {
      problem: { at: { pointer: '' }, message: 'not an authorization details document: none of UserDetailList, RoleDetailList, GroupDetailList, Policies' },
    };
    return;
  }
  const seen = new Set<string>();
  const second = scanJson(open(), {
    member: (key) => (key === 'UserDetailList' || key === 'RoleDetailList' ? 'elements' : 'skip'),
    maxValueChars: options.maxValueChars,
  });
  for await (const event of second) {
    if (event.kind === 'problem') {
      // Only problems with users and roles: the rest were reported by the first pass.
      if (event.fatal || /^\/(UserDetailList|RoleDetailList)\//.test(event.pointer))
        yield { problem: { at: { pointer: event.pointer }, message: event.message } };
      if (event.fatal) return;
      continue;
    }
    if (event.kind === 'member') {
      yield { problem: { at: { pointer: event.pointer }, message: 'expected an array' } };
      continue;
    }
    if (event.kind !== 'element') continue;
    const kind = event.key === 'UserDetailList' ? 'user' : 'role';
    const parsed = (kind === 'user' ? User : Role).safeParse(event.value);
    if (!parsed.success) {
      for (const problem of zodProblems(parsed.error, event.pointer)) yield { problem };
      continue;
    }
    if (secretsIn(event.value, event.pointer, problems) > 0) {
      for (const problem of problems.splice(0)) yield { problem };
      continue;
    }
    const identity = identityOf(kind, parsed.data, event.pointer, index, problems);
    for (const problem of problems.splice(0)) yield { problem };
    if (!identity) continue;
    if (seen.has(identity.key)) {
      yield { problem: { at: { pointer: event.pointer }, message: `the same ARN appears twice (${identity.key}); only the first is read` } };
      continue;
    }
    seen.add(identity.key);
    yield { identity };
  }
}
