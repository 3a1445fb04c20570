/**
 * From facts to answers (agent-identity questionnaire 1.2.0, whose question and option ids
 * these are). A finding names a question, the options the facts leave open (`consistent`: an
 * answer outside them contradicts the import and is flagged on submit), and, when the facts
 * decide the answer, the proposed option with its evidence sentence. The caller adds the file's
 * name, import date and SHA-256 to the sentence.
 *
 * The proposals read the imported agent identities as the organisation's production agents:
 * the respondent sees the counts and accepts or answers otherwise. Options that add a practice
 * no file can show (tooling that checks, alerts when an owner leaves) stay consistent above a
 * proposed "all", and are never proposed.
 */
import type { Fact, FactId } from './facts';

export interface Finding {
  questionId: string;
  /** The proposed option id, or null when the facts narrow the answer without deciding it. */
  value: string | null;
  consistent: string[];
  evidence: string;
  facts: FactId[];
}

export type Proposal = Finding & { value: string };

/**
 * Every question a finding can name. An answer may carry a reason for departing from evidence,
 * or be flagged, only on these: services/stored-size.test.ts counts them in the budget of one
 * stored assessment, and proposals.test.ts checks that no finding names another question.
 */
export const MEASURED_QUESTIONS = [
  'agent-owner-coverage',
  'identity-shared-across-agents',
  'identity-shared-across-environments',
  'privileged-agent-proportion',
  'max-credential-lifetime',
  'shared-account-review',
  'agent-credential-source',
  'agents-act-for-users',
  'weakest-credential-type',
] as const;

const COVERAGE_ABOVE_ALL: Record<string, string[]> = {
  'agent-owner-coverage': ['all-with-leaver-alert', 'all-reattested'],
  'identity-shared-across-agents': ['all-checked', 'all-issued-automatically'],
  'identity-shared-across-environments': ['all-checked', 'all-issued-per-environment'],
};

/**
 * The coverage wording shared by these questions (none / some / about half / most / all of our
 * production agents), as shares: about half is 40% to 60%; some and most are the ranges on
 * either side. Within 5 points of a boundary the neighbouring option is consistent too: a
 * respondent's estimate of "most" at 58% is not a contradiction worth flagging.
 */
export function coverageOption(share: number): string {
  if (share <= 0) return 'none';
  if (share >= 1) return 'all';
  if (share < 0.4) return 'some';
  if (share <= 0.6) return 'about-half';
  return 'most';
}

function coverageConsistent(questionId: string, share: number): string[] {
  const options = new Set([coverageOption(share)]);
  for (const near of [share - 0.05, share + 0.05]) if (near > 0 && near < 1) options.add(coverageOption(near));
  if (share >= 1) for (const above of COVERAGE_ABOVE_ALL[questionId] ?? []) options.add(above);
  return [...options];
}

const percent = (n: number, d: number) => `${Math.round((100 * n) / d)}%`;
const identities = (n: number) => (n === 1 ? 'agent identity' : 'agent identities');
const sentence = (n: number, d: number, what: string) => `${n} of ${d} ${identities(d)} (${percent(n, d)}) ${what}`;
function days(value: number): string {
  const [amount, unit] = value >= 1 ? [Math.round(value), 'day'] : [Math.round(value * 240) / 10, 'hour'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

function coverage(questionId: string, fact: Fact | undefined, holds: (f: Fact) => number, what: string): Finding | null {
  if (!fact || fact.denominator === 0) return null;
  const n = holds(fact);
  const share = n / fact.denominator;
  return {
    questionId,
    value: coverageOption(share),
    consistent: coverageConsistent(questionId, share),
    evidence: sentence(n, fact.denominator, what),
    facts: [fact.id],
  };
}

/** The bucket of max-credential-lifetime a lifetime in days falls in (the options' own bounds). */
export function lifetimeOption(lifetimeDays: number): string {
  if (lifetimeDays > 90) return 'over-90-days';
  if (lifetimeDays > 1) return 'up-to-90-days';
  if (lifetimeDays > 1 / 24) return 'up-to-24-hours';
  return 'up-to-1-hour';
}

export function findings(facts: readonly Fact[]): Finding[] {
  const fact = new Map(facts.map((f) => [f.id, f]));
  const out: Finding[] = [];
  const push = (f: Finding | null) => {
    if (f) out.push(f);
  };

  // "How many of your production agents have a named, accountable owner?": the share with an owner is the answer's own measure.
  push(coverage('agent-owner-coverage', fact.get('named-owner'), (f) => f.numerator, 'have a named owner'));

  // "…have an identity that no other agent uses?": the complement of the identities several agents share.
  push(coverage('identity-shared-across-agents', fact.get('shared-across-agents'), (f) => f.denominator - f.numerator, 'are used by no other agent'));

  // "…use a production identity that no development or test deployment uses?": production identities not also listed in another environment.
  const env = fact.get('shared-across-environments');
  if (env && env.denominator > 0) {
    const n = env.denominator - env.numerator;
    const share = n / env.denominator;
    out.push({
      questionId: 'identity-shared-across-environments',
      value: coverageOption(share),
      consistent: coverageConsistent('identity-shared-across-environments', share),
      evidence: `${n} of ${env.denominator} production ${identities(env.denominator)} (${percent(n, env.denominator)}) are used in production only`,
      facts: [env.id],
    });
  }

  // "What share of your production agents hold administrator, wildcard or write-everything permissions?": measured directly
  // (the options' bands: 25% or more, 5% to under 25%, under 5%). "With a recorded exception" and "just in time" add
  // practices a file cannot show, so they stay consistent with a share under 5% but are not proposed.
  const privileged = fact.get('wildcard-or-admin');
  if (privileged && privileged.denominator > 0 && privileged.value !== null) {
    const share = privileged.value;
    const value = share >= 0.25 ? 'quarter-or-more' : share >= 0.05 ? 'five-to-quarter' : 'under-five-percent';
    const consistent =
      value === 'under-five-percent' ? ['under-five-percent', 'under-five-percent-with-exceptions', ...(share === 0 ? ['none-just-in-time'] : [])] : [value];
    out.push({
      questionId: 'privileged-agent-proportion',
      value,
      consistent,
      evidence: sentence(privileged.numerator, privileged.denominator, 'hold wildcard or administrator permissions'),
      facts: [privileged.id],
    });
  }

  // "How long does the longest-lived credential stay valid?": one credential that never expires decides it (no-expiry);
  // otherwise only when every agent credential's lifetime is known does the longest decide the bucket. An old static
  // credential proves a lifetime over 90 days but not whether it ever expires: consistent with both, not proposed.
  const noExpiry = fact.get('credential-without-expiry');
  const lifetime = fact.get('credential-lifetime-max');
  const age = fact.get('credential-age-max');
  if (noExpiry && noExpiry.numerator > 0) {
    out.push({
      questionId: 'max-credential-lifetime',
      value: 'no-expiry',
      consistent: ['no-expiry'],
      evidence: sentence(noExpiry.numerator, noExpiry.denominator, 'hold an active credential that never expires'),
      facts: [noExpiry.id],
    });
  } else if (lifetime && lifetime.value !== null && lifetime.denominator > 0 && lifetime.numerator === lifetime.denominator) {
    const value = lifetimeOption(lifetime.value);
    out.push({
      questionId: 'max-credential-lifetime',
      value,
      consistent: [value],
      evidence: `the longest-lived credential of ${lifetime.denominator} ${identities(lifetime.denominator)} stays valid for ${days(lifetime.value)}`,
      facts: [lifetime.id],
    });
  } else if (age && age.value !== null && age.value > 90) {
    out.push({
      questionId: 'max-credential-lifetime',
      value: null,
      consistent: ['no-expiry', 'over-90-days'],
      evidence: `an active static credential of an agent identity was issued or last rotated ${age.value} days ago`,
      facts: [age.id],
    });
  }

  // "Have the shared service accounts your agents use been reviewed?": its help says to choose "none left" when agents
  // use no shared account, which the file shows; when some are shared, how far the review got is not in any file.
  const shared = fact.get('shared-across-agents');
  if (shared && shared.denominator > 0) {
    out.push(
      shared.numerator === 0
        ? {
            questionId: 'shared-account-review',
            value: 'none-left',
            consistent: ['none-left'],
            evidence: sentence(0, shared.denominator, 'are shared by several agents'),
            facts: [shared.id],
          }
        : {
            questionId: 'shared-account-review',
            value: null,
            consistent: ['not-reviewed', 'identified', 'owner-and-purpose-mapped', 'mostly-split'],
            evidence: sentence(shared.numerator, shared.denominator, 'are shared by several agents'),
            facts: [shared.id],
          },
    );
  }

  // "Which identity do your production agents authenticate with?" is answered for the weakest: one agent on a person's
  // own account decides it (the user's own credentials, level 1; a shared human account is the same level).
  const personal = fact.get('personal-account');
  if (personal && personal.numerator > 0) {
    out.push({
      questionId: 'agent-credential-source',
      value: 'user-session',
      consistent: ['user-session', 'shared-human-account'],
      evidence: sentence(personal.numerator, personal.denominator, 'are a person’s own account'),
      facts: [personal.id],
    });
  }

  // "Do any of your agents act on behalf of individual users?": one that does decides "yes". "No" is never proposed: a
  // template that lists no such agent may be incomplete, and "no" hides the follow-up question.
  const acts = fact.get('acts-for-users');
  if (acts && acts.numerator > 0) {
    out.push({
      questionId: 'agents-act-for-users',
      value: 'yes',
      consistent: ['yes'],
      evidence: sentence(acts.numerator, acts.denominator, 'act on behalf of individual users'),
      facts: [acts.id],
    });
  }

  // "What is the weakest kind of credential any of your production agents authenticates with?": a static credential
  // rules out the token options, but where it is kept (code or vault) and whether rotation is enforced no file says.
  const statics = fact.get('static-credentials');
  if (statics && statics.numerator > 0) {
    out.push({
      questionId: 'weakest-credential-type',
      value: null,
      consistent: ['static-secret-in-code', 'static-key-in-vault', 'rotated-vaulted-secret'],
      evidence: sentence(statics.numerator, statics.denominator, 'hold an active static credential'),
      facts: [statics.id],
    });
  }
  return out;
}

/** The findings that decide their question's answer. */
export const proposeAnswers = (facts: readonly Fact[]): Proposal[] => findings(facts).filter((f): f is Proposal => f.value !== null);
