/**
 * Which identities are agents, people or other workloads. In order, the first that speaks wins:
 * 1. the organisation's correction from its review of the classification (identity key → kind);
 * 2. what the source declares (every row of AIM's template is an agent);
 * 3. a tag (`aim:kind` = agent | human | workload; the key is the organisation's to choose);
 * 4. the organisation's naming rules, in their order (globs on the name or the key, case-insensitive);
 * 5. defaults: the AWS root user and an IAM user whose console password has been used are
 *    people; roles are workloads; anything else stays unknown until someone says.
 * Each result says why, in words a reviewer can check.
 */
import type { IdentityKind, InventoryIdentity } from './inventory';

export type ClassifiedKind = Exclude<IdentityKind, 'unknown'>;

export interface NamingRule {
  /** A glob: `*` any run of characters, `?` one character; matched case-insensitively against the whole name or key. */
  pattern: string;
  kind: ClassifiedKind;
}

export interface ClassificationRules {
  /** The tag that declares an identity's kind; `aim:kind` unless the organisation chose another. */
  tagKey?: string;
  namingRules?: readonly NamingRule[];
  /** The organisation's corrections, by identity key: they override everything. */
  corrections?: Readonly<Record<string, ClassifiedKind>>;
}

export interface Classification {
  kind: IdentityKind;
  reason: string;
}

export type ClassifiedIdentity = InventoryIdentity & { classification: Classification };

export const DEFAULT_TAG_KEY = 'aim:kind';
const KINDS: readonly string[] = ['agent', 'human', 'workload'];
/** Long patterns are refused: a glob of this size is already a typo. */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_NAMING_RULES = 100;

/**
 * Whether a glob matches the whole of a text, case-insensitively: `*` any run of characters,
 * `?` one. No regular expression is built from what an organisation writes: the classic
 * two-pointer match (back to the last `*` on a mismatch) takes at most pattern × text steps,
 * so no pattern can make it backtrack catastrophically.
 */
export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Problems with naming rules as an organisation writes them (empty when they are fine). */
export function namingRuleProblems(rules: readonly NamingRule[]): string[] {
  const problems: string[] = [];
  if (rules.length > MAX_NAMING_RULES) problems.push(`at most ${MAX_NAMING_RULES} naming rules`);
  rules.forEach((rule, i) => {
    if (!rule.pattern.trim()) problems.push(`rule ${i + 1}: the pattern is empty`);
    if (rule.pattern.length > MAX_PATTERN_LENGTH) problems.push(`rule ${i + 1}: the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
    if (!KINDS.includes(rule.kind)) problems.push(`rule ${i + 1}: the kind is not agent, human or workload`);
  });
  return problems;
}

const isRole = (identity: InventoryIdentity) => /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(identity.key);
const isAwsUser = (identity: InventoryIdentity) => /^arn:aws[a-z-]*:iam::\d{12}:(?:user\/|root$)/.test(identity.key);

/** The classifier for one organisation's rules; call it on each identity as it streams by. */
export function classifier(rules: ClassificationRules = {}): (identity: InventoryIdentity) => Classification {
  const tagKey = (rules.tagKey ?? DEFAULT_TAG_KEY).toLowerCase();
  const naming = (rules.namingRules ?? []).slice(0, MAX_NAMING_RULES).map((rule) => ({ rule, glob: rule.pattern.slice(0, MAX_PATTERN_LENGTH) }));
  const corrections = rules.corrections ?? {};

  return (identity) => {
    const corrected = Object.hasOwn(corrections, identity.key) ? corrections[identity.key] : undefined;
    if (corrected) return { kind: corrected, reason: `corrected in the organisation's review (${corrected})` };

    if (identity.declaredKind !== 'unknown') {
      return {
        kind: identity.declaredKind,
        reason: identity.source === 'aim-template' ? 'listed in the agent inventory template' : `declared by the source (${identity.declaredKind})`,
      };
    }

    for (const [key, value] of Object.entries(identity.tags)) {
      if (key.toLowerCase() !== tagKey) continue;
      const kind = value.trim().toLowerCase();
      if (KINDS.includes(kind)) return { kind: kind as ClassifiedKind, reason: `tag ${key}=${kind}` };
    }

    // Names are capped too, so a long name cannot make a rule slow.
    const name = identity.name.slice(0, 1024);
    const key = identity.key.slice(0, 1024);
    for (const { rule, glob } of naming) {
      if (globMatches(glob, name) || globMatches(glob, key)) return { kind: rule.kind, reason: `naming rule ${rule.pattern}` };
    }

    if (identity.source === 'aws-credential-report' && /:root$/.test(identity.key)) return { kind: 'human', reason: 'the AWS account root user' };
    if (isAwsUser(identity) && identity.credentials.some((c) => c.kind === 'password' && c.lastUsedAt !== null)) {
      return { kind: 'human', reason: 'an IAM user whose console password has been used' };
    }
    if (isRole(identity)) return { kind: 'workload', reason: 'an IAM role' };
    return { kind: 'unknown', reason: 'no tag, naming rule or default applies' };
  };
}

/** Each identity with its classification. */
export function classify(identities: Iterable<InventoryIdentity>, rules?: ClassificationRules): ClassifiedIdentity[] {
  const decide = classifier(rules);
  return [...identities].map((identity) => ({ ...identity, classification: decide(identity) }));
}
