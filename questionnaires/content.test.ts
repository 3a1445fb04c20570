/**
 * Content checks for every questionnaire file under questionnaires/<id>/<version>.json:
 * the file parses with the zod model, its cross-references hold (domains, showIf, caps,
 * recommendations, controls), framework references carry valid editions, and scoring can
 * reach both ends of the scale in every domain. Plus: the committed JSON Schema matches
 * what the generator produces from the model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Answer, Answers } from '../functions/core/questionnaire/answers';
import { frameworkLabel, QuestionnaireSchema } from '../functions/core/questionnaire/model';
import type { FrameworkReference, Question, Questionnaire } from '../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../functions/core/questionnaire/visibility';
import { scoreAssessment } from '../functions/core/scoring/score';
import { questionnaireJsonSchemaText, SCHEMA_PATH } from '../scripts/generate-questionnaire-schema';

const DIR = fileURLToPath(new URL('.', import.meta.url));

interface QuestionnaireFile {
  path: string;
  dirName: string;
  baseName: string;
  raw: unknown;
}

function questionnaireFiles(): QuestionnaireFile[] {
  const files: QuestionnaireFile[] = [];
  for (const entry of readdirSync(DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const name of readdirSync(join(DIR, entry.name))) {
      if (!name.endsWith('.json')) continue;
      const path = join(DIR, entry.name, name);
      files.push({ path, dirName: entry.name, baseName: name.slice(0, -'.json'.length), raw: JSON.parse(readFileSync(path, 'utf8')) });
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

const files = questionnaireFiles();

/** Parses or fails the test with zod's issues (path and message) in the assertion message. */
function parse(file: QuestionnaireFile): Questionnaire {
  const result = QuestionnaireSchema.safeParse(file.raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect.fail(`${relative(DIR, file.path)} does not match the questionnaire model:\n${issues}`);
  }
  return result.data;
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

const optionIds = (q: Question): string[] => ('options' in q ? q.options.map((o) => o.id) : []);

/** An answer at one end of the scale: the first option (lowest level) or the last (highest). */
function extremeAnswer(q: Question, end: 'lowest' | 'highest'): Answer | undefined {
  switch (q.type) {
    case 'single':
    case 'scale':
    case 'yesno': {
      const option = end === 'lowest' ? q.options[0] : q.options[q.options.length - 1];
      return option && { value: option.id };
    }
    case 'multi': {
      const option = end === 'lowest' ? q.options[0] : q.options[q.options.length - 1];
      // The highest answer ticks the essential actions too: leaving one out holds the level below it.
      const essentials = end === 'highest' ? q.options.filter((o) => o.essential && o !== option).map((o) => o.id) : [];
      return option && { value: [...essentials, option.id] };
    }
    case 'number':
      return { value: end === 'lowest' ? q.min : q.max };
    case 'text':
      return { value: 'free text' };
  }
}

function extremeAnswers(questionnaire: Questionnaire, end: 'lowest' | 'highest'): Answers {
  const answers: Answers = {};
  for (const q of questionnaire.questions) {
    const answer = extremeAnswer(q, end);
    if (answer) answers[q.id] = answer;
  }
  return answers;
}

/**
 * Which framework names and editions may be cited, and which item ids each accepts.
 * Keeps the two OWASP agentic documents apart (T-threats of Feb 2025 vs ASI list of 2026)
 * and pins Excessive Agency to its number in each LLM edition (LLM06:2025 → LLM03:2026).
 */
const FRAMEWORKS: Record<string, { editions: RegExp; id?: (edition: string) => RegExp; idOptional?: boolean }> = {
  'NIST SP 800-53': { editions: /^Rev\.5$/, id: () => /^(AC|AU|CM|IA|IR|SI)-\d+(\(\d+\))?$/ },
  'NIST SP 800-207': { editions: /^2020$/, id: () => /^2\.1 tenet [1-7]$/ },
  'NIST AI RMF': { editions: /^1\.0$/, id: () => /^(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+$/ },
  'OWASP NHI Top 10': { editions: /^2025$/, id: () => /^NHI([1-9]|10)$/ },
  'OWASP LLM Top 10': { editions: /^(2025|2026)$/, id: (edition) => (edition === '2025' ? /^LLM06$/ : /^LLM03$/) },
  'OWASP Agentic Top 10': { editions: /^2026$/, id: () => /^ASI(0[1-9]|10)$/ },
  'OWASP Agentic AI Threats and Mitigations': { editions: /^Feb 2025$/, id: () => /^T([1-9]|1[0-5])$/ },
  'CSA AICM': { editions: /^1\.0$/, id: () => /^(IAM|LOG)-\d{2}$/ },
  'ISO/IEC 42001': { editions: /^2023$/, id: () => /^A\.\d+(\.\d+)+$/ },
  'MCP Authorization': { editions: /^(2025-03-26|2025-06-18|2025-11-25)$/, id: () => /^SEP-\d+$/, idOptional: true },
  RFC: { editions: /^\d{4}$/ },
  'IETF Internet-Draft': { editions: /^draft-ietf-[a-z0-9-]+-\d{2}$/ },
  'OpenID SSF/CAEP': { editions: /^1\.0$/ },
};

/** Identifiers the domain brief marks unverified: not to be cited by a published version. */
const UNVERIFIED = ['CSA AICM 1.0 IAM-14'];

function referenceProblems(ref: FrameworkReference): string[] {
  const rule = FRAMEWORKS[ref.framework];
  if (!rule) return [`unknown framework "${ref.framework}"`];
  const problems: string[] = [];
  if (!rule.editions.test(ref.edition)) problems.push(`${ref.framework}: unexpected edition "${ref.edition}"`);
  if (rule.id && !rule.idOptional && ref.id === undefined) problems.push(`${ref.framework} ${ref.edition}: an item id is required`);
  if (!rule.id && ref.id !== undefined) problems.push(`${ref.framework} ${ref.edition}: takes no item id, got "${ref.id}"`);
  if (rule.id && ref.id !== undefined && !rule.id(ref.edition).test(ref.id)) problems.push(`${frameworkLabel(ref)}: item id not valid in this edition`);
  return problems;
}

describe('questionnaire files', () => {
  it('finds the agent-identity 1.0.0 questionnaire', () => {
    expect(files.map((f) => relative(DIR, f.path))).toContain(join('agent-identity', '1.0.0.json'));
  });

  it('the framework reference rules reject the mistakes they exist for', () => {
    // Guards against the rules above silently accepting everything.
    expect(referenceProblems({ framework: 'OWASP LLM Top 10', edition: '2026', id: 'LLM06' })).not.toEqual([]);
    expect(referenceProblems({ framework: 'OWASP Agentic Top 10', edition: '2026', id: 'T8' })).not.toEqual([]);
    expect(referenceProblems({ framework: 'OWASP Agentic AI Threats and Mitigations', edition: 'Feb 2025', id: 'ASI09' })).not.toEqual([]);
    expect(referenceProblems({ framework: 'NIST SP 800-53', edition: 'Rev.4', id: 'AC-6' })).not.toEqual([]);
    expect(referenceProblems({ framework: 'RFC', edition: '8693' })).toEqual([]);
  });
});

describe.each(files.map((f) => [relative(DIR, f.path), f] as const))('%s', (_name, file) => {
  it('parses with QuestionnaireSchema and sits at <id>/<version>.json', () => {
    const q = parse(file);
    expect(file.dirName).toBe(q.id);
    expect(file.baseName).toBe(q.version);
    expect(q.$schema).toBe('../questionnaire.schema.json');
  });

  it('has unique ids for domains, questions, controls and options', () => {
    const q = parse(file);
    expect(duplicates(q.domains.map((d) => d.id))).toEqual([]);
    expect(duplicates(q.questions.map((x) => x.id))).toEqual([]);
    expect(duplicates(q.controls.map((c) => c.id))).toEqual([]);
    for (const question of q.questions) expect(duplicates(optionIds(question)), question.id).toEqual([]);
  });

  it('gives every domain at least four questions, and every question a known domain and help text', () => {
    const q = parse(file);
    const domainIds = q.domains.map((d) => d.id);
    for (const question of q.questions) {
      expect(domainIds, `${question.id}.domain`).toContain(question.domain);
      expect(question.help.trim().length, `${question.id}.help`).toBeGreaterThan(40);
    }
    for (const domain of q.domains) {
      const count = q.questions.filter((x) => x.domain === domain.id).length;
      expect(count, `questions in ${domain.id}`).toBeGreaterThanOrEqual(4);
    }
  });

  it('lists options from level 1 upward, from level 1 to level 5 on scored questions', () => {
    const q = parse(file);
    for (const question of q.questions) {
      if (!('options' in question)) continue;
      const levels = question.options.map((o) => o.level);
      expect(levels, `${question.id} option levels`).toEqual([...levels].sort((a, b) => a - b));
      if (question.weight > 0) {
        expect(levels[0], `${question.id} lowest option`).toBe(1);
        expect(levels[levels.length - 1], `${question.id} highest option`).toBe(5);
      }
    }
  });

  it('points every showIf at an existing, earlier question and its options', () => {
    const q = parse(file);
    const index = new Map(q.questions.map((x, i) => [x.id, i]));
    for (const [i, question] of q.questions.entries()) {
      if (!question.showIf) continue;
      const parentIndex = index.get(question.showIf.question);
      expect(parentIndex, `${question.id}.showIf.question`).toBeDefined();
      expect(parentIndex!, `${question.id} must come after the question it depends on`).toBeLessThan(i);
      const parent = q.questions[parentIndex!]!;
      for (const option of question.showIf.anyOf) expect(optionIds(parent), `${question.id}.showIf.anyOf`).toContain(option);
    }
  });

  it('shows a conditional question exactly when its condition is met', () => {
    const q = parse(file);
    for (const question of q.questions.filter((x) => x.showIf)) {
      const { question: parentId, anyOf } = question.showIf!;
      const parent = q.questions.find((x) => x.id === parentId)!;
      const asAnswer = (id: string): Answer => ({ value: parent.type === 'multi' ? [id] : id });
      expect(visibleQuestionIds(q.questions, { [parentId]: asAnswer(anyOf[0]!) }).has(question.id)).toBe(true);
      const other = optionIds(parent).find((id) => !anyOf.includes(id));
      if (other) expect(visibleQuestionIds(q.questions, { [parentId]: asAnswer(other) }).has(question.id)).toBe(false);
      expect(visibleQuestionIds(q.questions, {}).has(question.id)).toBe(false);
    }
  });

  it('points every cap at options of its own question', () => {
    const q = parse(file);
    for (const question of q.questions) {
      for (const cap of question.caps) {
        for (const option of cap.options) expect(optionIds(question), `${question.id} cap`).toContain(option);
      }
    }
  });

  it('recommends only existing controls, and every control is recommended somewhere', () => {
    const q = parse(file);
    const controlIds = q.controls.map((c) => c.id);
    const referenced = new Set<string>();
    for (const question of q.questions) {
      expect(duplicates(question.recommendations.map((r) => r.control)), `${question.id} recommendations`).toEqual([]);
      for (const rec of question.recommendations) {
        expect(controlIds, `${question.id} recommends`).toContain(rec.control);
        referenced.add(rec.control);
      }
    }
    expect(
      controlIds.filter((id) => !referenced.has(id)),
      'controls no question recommends',
    ).toEqual([]);
  });

  it('cites frameworks by known name, with a valid edition and item id', () => {
    const q = parse(file);
    const problems = q.controls.flatMap((c) => c.frameworks.flatMap((ref) => referenceProblems(ref).map((p) => `${c.id}: ${p}`)));
    expect(problems).toEqual([]);
    if (q.status === 'published') {
      const labels = q.controls.flatMap((c) => c.frameworks.map(frameworkLabel));
      expect(labels.filter((label) => UNVERIFIED.includes(label))).toEqual([]);
    }
  });

  it('reaches level 1 in every domain when every lowest option is chosen', () => {
    const q = parse(file);
    const scores = scoreAssessment(q, extremeAnswers(q, 'lowest'));
    for (const domain of q.domains) {
      expect(scores.domains[domain.id]?.level, domain.id).toBe(1);
      expect(scores.domains[domain.id]?.answered, `${domain.id} answered`).toBeGreaterThan(0);
    }
    expect(scores.overall.level).toBe(1);
  });

  it('reaches level 5 in every domain when every highest option is chosen', () => {
    const q = parse(file);
    const scores = scoreAssessment(q, extremeAnswers(q, 'highest'));
    for (const domain of q.domains) {
      expect(scores.domains[domain.id], domain.id).toMatchObject({ score: 5, level: 5, caps: [] });
    }
    expect(scores.overall).toEqual({ score: 5, level: 5 });
  });
});

describe('agent-identity 1.0.0 content', () => {
  const file = files.find((f) => f.dirName === 'agent-identity' && f.baseName === '1.0.0');
  const load = (): Questionnaire => {
    if (!file) return expect.fail('questionnaires/agent-identity/1.0.0.json is missing');
    return parse(file);
  };

  it('is the published Agent Identity Governance questionnaire', () => {
    const q = load();
    expect(q).toMatchObject({ id: 'agent-identity', version: '1.0.0', status: 'published', title: 'Agent Identity Governance' });
  });

  it('has the seven domains in order, the three core ones weighted 1.5', () => {
    const q = load();
    expect(q.domains.map((d) => [d.id, d.weight])).toEqual([
      ['identity-separation', 1.5],
      ['access-scoping', 1.5],
      ['auditing', 1.5],
      ['inventory-ownership', 1],
      ['credential-lifecycle', 1],
      ['human-oversight', 1],
      ['runtime-containment', 1],
    ]);
  });

  it('uses a multi question, a yes/no gate with a follow-up and a not-applicable option', () => {
    const q = load();
    expect(q.questions.filter((x) => x.type === 'multi').length).toBeGreaterThanOrEqual(1);
    const gates = q.questions.filter((x) => x.type === 'yesno' && q.questions.some((y) => y.showIf?.question === x.id));
    expect(gates.length).toBeGreaterThanOrEqual(1);
    expect(q.questions.some((x) => x.allowNotApplicable)).toBe(true);
    expect(q.controls.length).toBeGreaterThanOrEqual(15);
    expect(q.controls.length).toBeLessThanOrEqual(25);
  });

  it('holds identity separation at level 1 when agents run on user or shared human credentials', () => {
    const q = load();
    for (const option of ['user-session', 'shared-human-account']) {
      const answers: Answers = { ...extremeAnswers(q, 'highest'), 'agent-credential-source': { value: option } };
      const scores = scoreAssessment(q, answers);
      expect(scores.domains['identity-separation'], option).toMatchObject({ level: 1, score: 1 });
      expect(scores.domains['identity-separation']?.caps.map((c) => c.maxLevel)).toEqual([1]);
      expect(scores.domains['access-scoping']?.level).toBe(5);
    }
  });

  it('scores a multi answer at its most advanced selected action', () => {
    const q = load();
    const answers: Answers = {
      ...extremeAnswers(q, 'lowest'),
      'containment-actions': { value: ['manual-credential-hunt', 'revoke-tokens', 'disable-identity'] },
    };
    const lowest = scoreAssessment(q, extremeAnswers(q, 'lowest')).domains['runtime-containment']!;
    const better = scoreAssessment(q, answers).domains['runtime-containment']!;
    // One of four questions moves from level 1 to level 3: (3 + 1 + 1 + 1) / 4.
    expect(lowest.score).toBe(1);
    expect(better.score).toBe(1.5);
  });

  it('does not score the delegation gate, and counts the delegation question only when agents act for users', () => {
    const q = load();
    const base = extremeAnswers(q, 'highest');
    const withoutDelegation = scoreAssessment(q, { ...base, 'agents-act-for-users': { value: 'no' } }).domains['identity-separation']!;
    const withDelegation = scoreAssessment(q, base).domains['identity-separation']!;
    expect(withDelegation.counted).toBe(withoutDelegation.counted + 1);
    expect(withoutDelegation.level).toBe(5);
  });
});

describe('questionnaire.schema.json', () => {
  it('equals the output of scripts/generate-questionnaire-schema.ts', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(questionnaireJsonSchemaText());
  });

  it('describes the questionnaire model (draft 2020-12, strict top-level object)', () => {
    const schema = JSON.parse(questionnaireJsonSchemaText()) as { $schema: string; additionalProperties: boolean; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'status', 'domains', 'questions']));
    expect(schema.required).not.toContain('controls');
  });
});
