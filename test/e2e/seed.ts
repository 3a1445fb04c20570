/**
 * Seeds organisations with submitted assessments through the public API, so that
 * cohorts hold enough organisations to be shown (or, on purpose, too few).
 *
 * Real cohorts' figures come from a differentially private release made on the first
 * read of the day and unchanged after it (issue 14): seed everything, then
 * `foldEverything`, and only then read a benchmark. With noise, a cohort is shown only
 * when its noisy count reaches the minimum, so shown cohorts need ample organisations
 * (`RELEASE_TEST_ENV` keeps the noise small enough for about 20).
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
 * A newly registered organisation (technology, 50-249, europe) and a draft of the latest
 * questionnaire, for the tests that work inside one draft: its owner key and the draft's id.
 */
export async function ownerWithDraft(baseUrl: string, name: string): Promise<{ ownerKey: string; assessmentId: string; questionnaire: ServedQuestionnaire }> {
  const api = apiClient(baseUrl);
  const registered = await api.post('/v1/organisations', { name, industry: 'technology', sizeBand: '50-249', region: 'europe' });
  expectStatus('registering', registered.status, 201, registered.body);
  const ownerKey = registered.body.token.secret as string;
  const questionnaire = await latestQuestionnaire(baseUrl);
  const created = await api.post('/v1/assessments', { questionnaireId: questionnaire.id, version: questionnaire.version }, ownerKey);
  expectStatus('creating the draft', created.status, 201, created.body);
  return { ownerKey, assessmentId: created.body.id as string, questionnaire };
}

/**
 * Release settings for browser tests: the most ε a configuration allows and the smallest
 * minimum, so that cohorts of about 20 organisations are shown in practically every
 * release (a cohort of 20 falls below 5 with probability about 0.1%), while every figure
 * still carries noise and an interval.
 */
export const RELEASE_TEST_ENV = { AIM_PRIVACY_EPSILON: '16', AIM_BENCHMARK_MINIMUM: '5' } as const;

/**
 * Folds every submission into the benchmark cells without reading a benchmark (a read
 * would make the day's release): drains the stream until it stays empty.
 */
export async function foldEverything(platform: { drainStream(): Promise<number> }): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    quiet = (await platform.drainStream()) === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * Registers each organisation, has a platform admin (`adminKey`: a key a platform admin
 * minted; the bootstrap credential only grants memberships) verify it so that it
 * counts in the benchmarks, and submits one complete assessment; `level(i)` picks how
 * mature its answers are (0 lowest).
 */
export async function seedOrganisations(
  baseUrl: string,
  adminKey: string,
  organisations: SeedOrganisation[],
  level: (index: number) => number,
  concurrency = 6,
): Promise<SeededOrganisation[]> {
  const api = apiClient(baseUrl);
  const questionnaire = await latestQuestionnaire(baseUrl);
  const seeded: SeededOrganisation[] = new Array(organisations.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < organisations.length; index = next++) seeded[index] = await seedOne(index, organisations[index]!);
  };
  const seedOne = async (index: number, org: SeedOrganisation): Promise<SeededOrganisation> => {
    const registered = await api.post('/v1/organisations', org);
    expectStatus('register', registered.status, 201, registered.body);
    const token = registered.body.token.secret as string;
    await verifyOrganisation(api, adminKey, registered.body.organisation.id);
    const created = await api.post('/v1/assessments', { questionnaireId: questionnaire.id, version: questionnaire.version }, token);
    expectStatus('create assessment', created.status, 201, created.body);
    const answers = completeAnswers(questionnaire, (levels) => Math.min(levels - 1, level(index)));
    const saved = await api.patch(`/v1/assessments/${created.body.id}/answers`, { revision: created.body.revision, answers }, token);
    expectStatus('save answers', saved.status, 200, saved.body);
    const submitted = await api.post(`/v1/assessments/${created.body.id}/submit`, {}, token);
    expectStatus('submit', submitted.status, 200, submitted.body);
    return { ...org, token, assessmentId: created.body.id };
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, organisations.length) }, worker));
  return seeded;
}
