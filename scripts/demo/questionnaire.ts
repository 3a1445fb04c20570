/** The questionnaire version the demo is seeded on: the latest published, as new assessments start on. */
import type { Catalogue } from '../../functions/core/catalogue/catalogue';
import type { Questionnaire } from '../../functions/core/questionnaire/model';

export const DEMO_QUESTIONNAIRE = 'agent-identity';

export function demoQuestionnaire(catalogue: Catalogue, id = DEMO_QUESTIONNAIRE): Questionnaire {
  const summary = catalogue.list().find((s) => s.id === id);
  if (!summary) throw new Error(`no published questionnaire ${id} to seed the demo on`);
  return catalogue.getPublished(id, summary.latest);
}
