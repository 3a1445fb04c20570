/**
 * Keeps docs/self-assessment.md honest: AIM's answers to its own latest questionnaire
 * (docs/self-assessment.answers.json) are valid, complete and backed by files that exist,
 * and every answer, level and score the document states is what the answers file holds and
 * what the scorer computes. Change an answer, the questionnaire or the scorer, and this
 * fails until the document says the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { checkAnswers, missingAnswers } from '../functions/core/questionnaire/answer-check';
import { type Answers, AnswerSchema } from '../functions/core/questionnaire/answers';
import { visibleQuestionIds } from '../functions/core/questionnaire/visibility';
import { answerLevel, isScored, scoreAssessment } from '../functions/core/scoring/score';

const ROOT = resolve(import.meta.dirname, '..');
const DOC_PATH = 'docs/self-assessment.md';
const ANSWERS_PATH = 'docs/self-assessment.answers.json';

interface SelfAssessment {
  questionnaireId: string;
  version: string;
  answeredOn: string;
  subject: string;
  answers: Record<string, unknown>;
  evidence: Record<string, string[]>;
}

const file = JSON.parse(readFileSync(join(ROOT, ANSWERS_PATH), 'utf8')) as SelfAssessment;
const doc = readFileSync(join(ROOT, DOC_PATH), 'utf8');
const catalogue = loadCatalogue();
const questionnaire = catalogue.get(file.questionnaireId, file.version);
const answers: Answers = Object.fromEntries(Object.entries(file.answers).map(([id, answer]) => [id, AnswerSchema.parse(answer)]));
const scores = scoreAssessment(questionnaire, answers);

/** The cells of the Markdown table rows whose second cell is a question, domain or `overall` id in backticks. */
function rowsById(text: string): Map<string, string[][]> {
  const rows = new Map<string, string[][]>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split('|')
      .map((c) => c.trim());
    const id = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (id) rows.set(id, [...(rows.get(id) ?? []), cells]);
  }
  return rows;
}

/** The part of the document between `<!-- name:start -->` and `<!-- name:end -->`. */
function section(name: string): string {
  const start = doc.indexOf(`<!-- ${name}:start -->`);
  const end = doc.indexOf(`<!-- ${name}:end -->`);
  expect(start, `${DOC_PATH} has a <!-- ${name}:start --> marker`).toBeGreaterThanOrEqual(0);
  expect(end, `${DOC_PATH} has a <!-- ${name}:end --> marker after the start`).toBeGreaterThan(start);
  return doc.slice(start, end);
}

const linkTargets = (markdown: string) => [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);

describe('AIM answered through its own questionnaire (docs/self-assessment.md)', () => {
  it('answers the latest published version, and the document says which', () => {
    const latest = catalogue.list().find((q) => q.id === file.questionnaireId)?.latest;
    expect(file.version, 'a newer version is published: answer it and update the document').toBe(latest);
    expect(questionnaire.status).toBe('published');
    expect(doc).toContain(`\`${file.questionnaireId}@${file.version}\``);
    expect(doc).toContain(file.answeredOn);
  });

  it('gives valid answers, to every visible question, using not applicable only where allowed and with a reason', () => {
    for (const [id, answer] of Object.entries(file.answers)) {
      const parsed = AnswerSchema.safeParse(answer);
      expect(parsed.success, `${id}: ${parsed.error?.message}`).toBe(true);
    }
    expect(checkAnswers(questionnaire, answers)).toEqual([]);
    expect(missingAnswers(questionnaire, answers)).toEqual([]);
    const visible = visibleQuestionIds(questionnaire.questions, answers);
    const unanswered = questionnaire.questions.filter((q) => visible.has(q.id) && answers[q.id] === undefined).map((q) => q.id);
    expect(unanswered, 'every visible question is answered, optional ones too').toEqual([]);
    const hidden = Object.keys(answers).filter((id) => !visible.has(id));
    expect(hidden, 'no answer to a question that is not asked').toEqual([]);
  });

  it('points every answer at files that exist in the repository, and every claimed control at a test', () => {
    expect(Object.keys(file.evidence).sort()).toEqual(Object.keys(answers).sort());
    for (const [id, paths] of Object.entries(file.evidence)) {
      for (const path of paths) expect(existsSync(join(ROOT, path)), `${id}: evidence ${path} does not exist`).toBe(true);
      if (answers[id]?.notApplicable) continue;
      expect(paths.length, `${id} needs evidence`).toBeGreaterThan(0);
      const question = questionnaire.questions.find((q) => q.id === id)!;
      // An answer that claims a defined control (level 3 or more) names a test that shows it.
      if (isScored(question) && (answerLevel(question, answers[id]) ?? 0) >= 3) {
        expect(
          paths.some((p) => /\.test\.tsx?$/.test(p)),
          `${id}: a test that shows it`,
        ).toBe(true);
      }
    }
  });

  it('states each answer, its level and its evidence in the document as the answers file has them', () => {
    const rows = rowsById(section('answers'));
    for (const question of questionnaire.questions) {
      const answer = answers[question.id];
      if (!answer) continue;
      const found = rows.get(question.id) ?? [];
      expect(found.length, `one row for ${question.id} in the answer tables`).toBe(1);
      const [, , answerCell, levelCell, evidenceCell] = found[0]!;
      if (answer.notApplicable) {
        expect(answerCell).toMatch(/not applicable/i);
        expect(levelCell).toBe('n/a');
      } else {
        const chosen = typeof answer.value === 'string' ? [answer.value] : (answer.value as string[]);
        for (const option of chosen) expect(answerCell, `${question.id} states its answer`).toContain(`\`${option}\``);
        expect(levelCell, `${question.id} states its level`).toBe(isScored(question) ? String(answerLevel(question, answer)) : 'not scored');
      }
      const linked = linkTargets(evidenceCell ?? '').map((target) => join('docs', target.split('#')[0]!));
      expect(linked.map((p) => p.replaceAll('\\', '/')).sort(), `${question.id}: the evidence column links the evidence in ${ANSWERS_PATH}`).toEqual(
        [...file.evidence[question.id]!].sort(),
      );
    }
    expect([...rows.keys()].sort(), 'the answer tables have a row for each answer and no other').toEqual(Object.keys(answers).sort());
  });

  it('states the scores and levels the scorer computes', () => {
    const rows = rowsById(section('scores'));
    const expected = [...questionnaire.domains.map((d) => [d.id, scores.domains[d.id]!] as const), ['overall', scores.overall] as const];
    expect([...rows.keys()].sort()).toEqual(expected.map(([id]) => id).sort());
    for (const [id, score] of expected) {
      const [, , scoreCell, levelCell] = rows.get(id)![0]!;
      expect({ id, score: Number(scoreCell), level: Number(levelCell) }, `${DOC_PATH} states what scoreAssessment computes`).toEqual({
        id,
        score: score.score,
        level: score.level,
      });
    }
    const caps = Object.values(scores.domains).flatMap((d) => d.caps);
    if (caps.length === 0) expect(section('scores')).toMatch(/no cap applies/i);
    else for (const cap of caps) expect(section('scores')).toContain(`\`${cap.question}\``);
  });

  it('links only to files that exist', () => {
    for (const target of linkTargets(doc)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const path = join(dirname(join(ROOT, DOC_PATH)), target.split('#')[0]!);
      expect(existsSync(path), `${DOC_PATH} links to ${target}`).toBe(true);
    }
  });
});
