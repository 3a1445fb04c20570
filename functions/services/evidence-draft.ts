/**
 * The one check before evidence goes into an assessment, shared by a file sent in the
 * request, its preview and a large upload (prepare and import): the caller may import
 * evidence, reaches the assessment (scopes), and the assessment is a draft.
 */
import { authorizeAssessment, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { assertReaches } from '../core/access/scope-reach';
import { DomainError, notFound } from '../core/errors';
import type { Assessment } from './entities';
import type { AssessmentStore } from './ports';

/** The assessment an evidence import may write into, with its organisation; throws 403/404/409 otherwise. */
export async function draftForEvidence(
  assessments: Pick<AssessmentStore, 'get'>,
  principal: Principal,
  assessmentId: string,
): Promise<{ organisationId: string; assessment: Assessment }> {
  authorizeAssessment(principal, 'evidence.import', assessmentId);
  const organisationId = organisationOf(principal);
  const assessment = await assessments.get(organisationId, assessmentId);
  if (!assessment) throw notFound('assessment');
  assertReaches(principal, 'evidence.import', assessment);
  if (assessment.status !== 'draft')
    throw new DomainError('assessment_not_draft', 'evidence is imported into a draft; reopen the submitted assessment to start one');
  return { organisationId, assessment };
}
