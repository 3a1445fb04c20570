/**
 * Verification of organisations (issue 14): a registered organisation is `unverified`
 * until a platform admin approves it (`verified`) or turns it down (`rejected`). Only
 * verified organisations that contribute count in peer benchmarks, so organisations
 * registered to isolate a victim in a small cohort add nothing to it.
 */
import { z } from 'zod';

export const VerificationStatus = z.enum(['unverified', 'verified', 'rejected']);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

/** What an admin may decide: approve, turn down, or send back to the queue (un-verify). */
export const VerificationDecision = VerificationStatus;
export type VerificationDecision = VerificationStatus;

/** Whether an owner's contribution setting lets the organisation's submissions count. */
export type ParticipationState = 'contributing' | 'opted-out' | 'withdrawn';

/**
 * The benchmark participation record, the one the fold reads and checks inside its
 * transaction. A missing record or a missing verification means not counted.
 */
export interface Participation {
  state: ParticipationState;
  verification: VerificationStatus;
}

/** The rule the fold, the rebuild and the stored condition all apply. */
export function countsInBenchmarks(participation: Participation | undefined): boolean {
  return participation?.state === 'contributing' && participation.verification === 'verified';
}

/** Profiles stored before verification existed read as unverified. */
export const verificationOf = (stored: unknown): VerificationStatus => VerificationStatus.safeParse(stored).data ?? 'unverified';

/** A decision changes the state; deciding the state it already has is refused (409). */
export function decisionAllowed(current: VerificationStatus, decision: VerificationDecision): boolean {
  return current !== decision;
}
