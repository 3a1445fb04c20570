/**
 * Seeds organisations with submitted assessments through the public API, so that
 * cohorts hold enough organisations to be shown (or, on purpose, too few).
 */
import { apiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { verifyOrganisation } from '../support/verification';

export interface SeedOrganisation {
  name: string;
  industry: string;
  sizeBand: string;
  region: string;
}

export interface SeededOrganisation extends SeedOrganisation {
  token: string;
  assessmentId: string;
}

const expectStatus = (what: string, status: number, expected: number, body: unknown) => {
  if (status !== expected) throw new Error(`seed: ${what} answered ${status}, expected ${expected}: ${JSON.stringify(body).slice(0, 400)}`);
};

export async function latestQuestionnaire(baseUrl: string): Promise<ServedQuestionnaire> {
  const api = apiClient(baseUrl);
  const list = await api.get('/v1/questionnaires');
  const q = list.body.questionnaires[0];
  return (await api.get(`/v1/questionnaires/${q.id}/versions/${q.latest}`)).body as ServedQuestionnaire;
}

/**
 * Registers each organisation, has a platform admin (`adminToken`) verify it so that it
 * counts in the benchmarks, and submits one complete assessment; `level(i)` picks how
 * mature its answers are (0 lowest).
 */
export async function seedOrganisations(baseUrl: string, adminToken: string, organisations: SeedOrganisation[], level: (index: number) => number): Promise<SeededOrganisation[]> {
  const api = apiClient(baseUrl);
  const questionnaire = await latestQuestionnaire(baseUrl);
  const seeded: SeededOrganisation[] = [];
  for (const [index, org] of organisations.entries()) {
    const registered = await api.post('/v1/organisations', org);
    expectStatus('register', registered.status, 201, registered.body);
    const token = registered.body.token.secret as string;
    await verifyOrganisation(api, adminToken, registered.body.organisation.id);
    const created = await api.post('/v1/assessments', { questionnaireId: questionnaire.id, version: questionnaire.version }, token);
    expectStatus('create assessment', created.status, 201, created.body);
    const answers = completeAnswers(questionnaire, (levels) => Math.min(levels - 1, level(index)));
    const saved = await api.patch(`/v1/assessments/${created.body.id}/answers`, { revision: created.body.revision, answers }, token);
    expectStatus('save answers', saved.status, 200, saved.body);
    const submitted = await api.post(`/v1/assessments/${created.body.id}/submit`, {}, token);
    expectStatus('submit', submitted.status, 200, submitted.body);
    seeded.push({ ...org, token, assessmentId: created.body.id });
  }
  return seeded;
}
