/**
 * Scopes restrict respondents (issue 19): a respondent an owner restricted to one scope
 * reaches only that scope's assessments; the whole organisation's and other scopes' are
 * answered 404, as another organisation's are, so nothing about them is revealed.
 */
import { notFound } from '../errors';
import type { Principal } from './principal';

export const reaches = (principal: Pick<Principal, 'scopeId'>, assessment: { scopeId?: string }): boolean =>
  principal.scopeId === undefined || assessment.scopeId === principal.scopeId;

/** Throws `not_found` for an assessment outside the principal's scope, recording the refusal like a policy decision. */
export function assertReaches(principal: Principal, operation: string, assessment: { scopeId?: string }): void {
  if (reaches(principal, assessment)) return;
  principal.decisions?.push({ outcome: 'refused', operation, reason: 'not_found' });
  throw notFound('assessment');
}
