/**
 * The catalogue of questionnaire versions known to the platform: validated once when
 * built, then read-only lookups.
 */
import { z } from 'zod';
import { DomainError } from '../errors';
import { QuestionnaireSchema, type Questionnaire } from '../questionnaire/model';

export interface QuestionnaireSummary {
  id: string;
  title: string;
  description: string;
  latest: string;
  versions: { version: string; status: Questionnaire['status'] }[];
}

const compareVersions = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export class Catalogue {
  private readonly byKey = new Map<string, Questionnaire>();

  /** Validates every document; throws with the file name and zod's report on the first invalid one. */
  constructor(documents: { source: string; content: unknown }[]) {
    for (const { source, content } of documents) {
      const parsed = QuestionnaireSchema.safeParse(content);
      if (!parsed.success) throw new Error(`${source} is not a valid questionnaire:\n${z.prettifyError(parsed.error)}`);
      const key = `${parsed.data.id}@${parsed.data.version}`;
      if (this.byKey.has(key)) throw new Error(`${source}: ${key} is defined twice`);
      this.byKey.set(key, parsed.data);
    }
  }

  all(): Questionnaire[] {
    return [...this.byKey.values()];
  }

  /** Published (and retired, for history) questionnaires; drafts are never served. */
  list(): QuestionnaireSummary[] {
    const groups = new Map<string, Questionnaire[]>();
    for (const q of this.byKey.values()) {
      if (q.status === 'draft') continue;
      groups.set(q.id, [...(groups.get(q.id) ?? []), q]);
    }
    return [...groups.values()].map((versions) => {
      versions.sort((a, b) => compareVersions(a.version, b.version));
      const published = versions.filter((v) => v.status === 'published');
      const latest = (published.at(-1) ?? versions.at(-1))!;
      return {
        id: latest.id,
        title: latest.title,
        description: latest.description,
        latest: latest.version,
        versions: versions.map((v) => ({ version: v.version, status: v.status })),
      };
    });
  }

  find(id: string, version: string): Questionnaire | undefined {
    const q = this.byKey.get(`${id}@${version}`);
    return q && q.status !== 'draft' ? q : undefined;
  }

  get(id: string, version: string): Questionnaire {
    const q = this.find(id, version);
    if (!q) throw new DomainError('not_found', `questionnaire ${id} version ${version} not found`);
    return q;
  }

  /** For starting new assessments: only published versions. */
  getPublished(id: string, version: string): Questionnaire {
    const q = this.get(id, version);
    if (q.status !== 'published')
      throw new DomainError('validation_failed', `questionnaire ${id} version ${version} is ${q.status}`, [
        { field: ['version'], message: `version ${version} is ${q.status}; start new assessments on a published version` },
      ]);
    return q;
  }
}
