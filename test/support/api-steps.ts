/**
 * The steps API tests take again and again, through a real server: register an
 * organisation, start a draft, answer every question at chosen levels and submit. They go
 * through the typed client of the OpenAPI document (api.contract, test/support/api-client.ts),
 * so a response that breaks the contract fails the test that takes the step.
 */
import { expect } from 'vitest';
import type { operations } from '../../functions/contract/openapi-types';
import type { ApiClient } from './api-client';
import { completeAnswers, type ServedQuestionnaire } from './answering';

/** A registration body, as the document describes it. */
export type OrganisationDetails = operations['registerOrganisation']['requestBody']['content']['application/json'];
/** The organisation and its owner's token (with its secret), as registration answers them. */
type RegistrationBody = operations['registerOrganisation']['responses'][201]['content']['application/json'];
/** An anonymous registration: the organisation and its first owner key (a signed-in person gets a membership instead). */
export type Registration = RegistrationBody & { token: NonNullable<RegistrationBody['token']> };

/** A registration body: a mid-sized European financial-services organisation unless told otherwise. */
export const organisationDetails = (name: string, overrides: Partial<OrganisationDetails> = {}): OrganisationDetails => ({
  name,
  industry: 'financial-services',
  sizeBand: '250-999',
  region: 'europe',
  ...overrides,
});

/** The body of a response the test expects to have one, or the test fails here. */
export function bodyOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`expected a body, got ${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function registerOrganisation(api: ApiClient, name: string, overrides: Partial<OrganisationDetails> = {}): Promise<Registration> {
  const result = await api.contract().POST('/v1/organisations', { body: organisationDetails(name, overrides) });
  expect(result.response.status).toBe(201);
  expect(result.response.headers.get('location')).toBe('/v1/organisation');
  const body = bodyOf(result);
  if (!body.token) throw new Error('an anonymous registration returns the first owner key');
  return { ...body, token: body.token };
}

/** A new draft of the agent-identity questionnaire: the response body (the assessment). */
export async function createDraft(api: ApiClient, token: string, version = '1.0.0') {
  const result = await api.contract(token).POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version } });
  expect(result.response.status).toBe(201);
  const draft = bodyOf(result);
  expect(result.response.headers.get('location')).toBe(`/v1/assessments/${draft.id}`);
  return draft;
}

/** A submitted assessment answered at `pick(levels)` everywhere; its id and scores. */
export async function submitAssessment(api: ApiClient, token: string, questionnaire: ServedQuestionnaire, pick: (levels: number) => number) {
  const client = api.contract(token);
  const { id } = await createDraft(api, token, questionnaire.version);
  const answers = completeAnswers(questionnaire, (n) => pick(n));
  expect((await client.PATCH('/v1/assessments/{id}/answers', { params: { path: { id } }, body: { revision: 0, answers } })).response.status).toBe(200);
  const submitted = bodyOf(await client.POST('/v1/assessments/{id}/submit', { params: { path: { id } } }));
  expect(submitted.status).toBe('submitted');
  return { id, scores: submitted.scores! };
}
