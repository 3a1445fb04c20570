/**
 * The steps API tests take again and again, through a real server: register an
 * organisation, start a draft, answer every question at chosen levels and submit.
 */
import { expect } from 'vitest';
import type { ApiClient } from './api-client';
import { completeAnswers, type ServedQuestionnaire } from './answering';

export interface OrganisationDetails {
  name: string;
  industry: string;
  sizeBand: string;
  region: string;
}

export interface Registration {
  organisation: { id: string; name: string };
  token: { id: string; secret: string };
}

/** A registration body: a mid-sized European financial-services organisation unless told otherwise. */
export const organisationDetails = (name: string, overrides: Partial<OrganisationDetails> = {}): OrganisationDetails => ({
  name,
  industry: 'financial-services',
  sizeBand: '250-999',
  region: 'europe',
  ...overrides,
});

export async function registerOrganisation(api: ApiClient, name: string, overrides: Partial<OrganisationDetails> = {}): Promise<Registration> {
  const res = await api.post('/v1/organisations', organisationDetails(name, overrides));
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toBe('/v1/organisation');
  return res.body;
}

/** A new draft of the agent-identity questionnaire: the response body (the assessment). */
export async function createDraft<T extends { id: string } = { id: string; revision: number }>(api: ApiClient, token: string, version = '1.0.0'): Promise<T> {
  const res = await api.post<T>('/v1/assessments', { questionnaireId: 'agent-identity', version }, token);
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toBe(`/v1/assessments/${res.body.id}`);
  return res.body;
}

/** A submitted assessment answered at `pick(levels)` everywhere; its id and scores. */
export async function submitAssessment(api: ApiClient, token: string, questionnaire: ServedQuestionnaire, pick: (levels: number) => number) {
  const { id } = await createDraft(api, token, questionnaire.version);
  expect((await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers: completeAnswers(questionnaire, (n) => pick(n)) }, token)).status).toBe(200);
  const res = await api.post(`/v1/assessments/${id}/submit`, undefined, token);
  expect(res.status).toBe(200);
  return { id, scores: res.body.scores };
}
