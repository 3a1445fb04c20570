/**
 * Checks of one questionnaire file on its own: it parses, sits where its id and version
 * say, references the JSON Schema, has unique ids, resolvable references (domains,
 * controls, cap options, showIf), no showIf cycles, wording everywhere a person reads,
 * and domains that can reach every level.
 */
import type { z } from 'zod';
import { QuestionnaireSchema, type Question, type Questionnaire } from '../model';
import { reachableLevels } from './level-reach';
import { pointer, type AuthoringError, type AuthoringErrorCode, type ParsedFile, type SourceFile } from './types';

export const SCHEMA_REFERENCE = '../questionnaire.schema.json';
const WORDING_FIELDS = new Set(['prompt', 'help', 'title', 'description', 'levelDescriptions', 'label', 'action', 'reason']);

const FIXES: Partial<Record<AuthoringErrorCode, string>> = {
  schema: 'make the field match questionnaire.schema.json (your editor shows the expected shape through "$schema")',
  option_level: 'give the option a "level" from 1 (ad hoc) to 5 (adaptive)',
  missing_wording: 'write the text respondents will read; it cannot be empty',
};

function zodErrors(file: string, error: z.ZodError): AuthoringError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const last = path.at(-1);
    const parent = path.at(-2);
    let code: AuthoringErrorCode = 'schema';
    if (last === 'level' && path.includes('options')) code = 'option_level';
    else if ((WORDING_FIELDS.has(String(last)) || parent === 'levelDescriptions') && (issue.code === 'too_small' || issue.code === 'invalid_type'))
      code = 'missing_wording';
    const message =
      code === 'option_level'
        ? `the option has no valid level (${issue.message})`
        : code === 'missing_wording'
          ? `the text is missing or empty (${issue.message})`
          : issue.message;
    return { code, file, pointer: pointer(...path), message, fix: FIXES[code]! };
  });
}

/** Parses a file; the errors if it does not parse. */
export function parseFile(source: SourceFile): { parsed?: ParsedFile; errors: AuthoringError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(source.text);
  } catch (error) {
    return {
      errors: [
        {
          code: 'invalid_json',
          file: source.path,
          pointer: '',
          message: `not valid JSON: ${(error as Error).message}`,
          fix: 'fix the JSON syntax (a missing comma or quote, a trailing comma)',
        },
      ],
    };
  }
  const result = QuestionnaireSchema.safeParse(raw);
  if (!result.success) return { errors: zodErrors(source.path, result.error) };
  return { parsed: { path: source.path, raw, questionnaire: result.data }, errors: [] };
}

const optionIds = (q: Question | undefined): string[] => (q && 'options' in q ? q.options.map((o) => o.id) : []);

function duplicateIndexes(ids: readonly string[]): number[] {
  return ids.flatMap((id, i) => (ids.indexOf(id) !== i ? [i] : []));
}

export function checkParsedFile({ path, questionnaire: q }: ParsedFile): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const add = (code: AuthoringErrorCode, at: string, message: string, fix: string) => errors.push({ code, file: path, pointer: at, message, fix });

  // Location and schema reference.
  const expectedPath = `${q.id}/${q.version}.json`;
  if (path !== expectedPath)
    add(
      'file_location',
      '/id',
      `the file declares ${q.id} ${q.version} but sits at ${path}`,
      `move it to questionnaires/${expectedPath}, or correct "id" and "version"`,
    );
  if (q.$schema !== SCHEMA_REFERENCE)
    add(
      'schema_reference',
      '/$schema',
      `"$schema" is ${q.$schema === undefined ? 'missing' : `"${q.$schema}"`}`,
      `set "$schema": "${SCHEMA_REFERENCE}" so editors validate the file`,
    );

  // Unique ids.
  const unique = (ids: string[], at: (i: number) => string, what: string) => {
    for (const i of duplicateIndexes(ids)) add('duplicate_id', at(i), `${what} id "${ids[i]}" is used more than once`, `give this ${what} an id of its own`);
  };
  unique(
    q.domains.map((d) => d.id),
    (i) => pointer('domains', i, 'id'),
    'domain',
  );
  unique(
    q.questions.map((x) => x.id),
    (i) => pointer('questions', i, 'id'),
    'question',
  );
  unique(
    q.controls.map((c) => c.id),
    (i) => pointer('controls', i, 'id'),
    'control',
  );
  q.questions.forEach((question, qi) => {
    unique(optionIds(question), (i) => pointer('questions', qi, 'options', i, 'id'), `option of ${question.id}`);
  });

  // References.
  const domainIds = new Set(q.domains.map((d) => d.id));
  const controlIds = new Set(q.controls.map((c) => c.id));
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  const recommended = new Set<string>();
  q.questions.forEach((question, qi) => {
    if (!domainIds.has(question.domain))
      add(
        'unknown_domain',
        pointer('questions', qi, 'domain'),
        `${question.id} belongs to domain "${question.domain}", which is not defined`,
        `use one of: ${[...domainIds].join(', ')}, or add the domain`,
      );
    question.recommendations.forEach((rec, ri) => {
      recommended.add(rec.control);
      if (!controlIds.has(rec.control))
        add(
          'unknown_control',
          pointer('questions', qi, 'recommendations', ri, 'control'),
          `${question.id} recommends control "${rec.control}", which is not in the control catalogue`,
          'add the control to "controls" or correct the id',
        );
    });
    question.caps.forEach((cap, ci) => {
      cap.options.forEach((option, oi) => {
        if (!optionIds(question).includes(option))
          add(
            'unknown_option',
            pointer('questions', qi, 'caps', ci, 'options', oi),
            `${question.id} caps on option "${option}", which it does not have`,
            `use one of its options: ${optionIds(question).join(', ') || '(none)'}`,
          );
      });
    });
    if (question.showIf) {
      const parent = byId.get(question.showIf.question);
      if (!parent)
        add(
          'show_if_reference',
          pointer('questions', qi, 'showIf', 'question'),
          `${question.id} is shown depending on "${question.showIf.question}", which is not a question`,
          'point showIf.question at an existing question',
        );
      else
        question.showIf.anyOf.forEach((option, oi) => {
          if (!optionIds(parent).includes(option))
            add(
              'show_if_reference',
              pointer('questions', qi, 'showIf', 'anyOf', oi),
              `${question.id} depends on option "${option}" of ${parent.id}, which it does not have`,
              `use options of ${parent.id}: ${optionIds(parent).join(', ') || '(it has none)'}`,
            );
        });
    }
  });
  q.controls.forEach((control, ci) => {
    if (!recommended.has(control.id))
      add(
        'unused_control',
        pointer('controls', ci, 'id'),
        `control ${control.id} is recommended by no question`,
        'recommend it from the questions whose low answers it remedies, or remove it',
      );
  });

  errors.push(...showIfCycles(path, q));
  errors.push(...wordingErrors(path, q));
  if (errors.length === 0) errors.push(...levelErrors(path, q));
  return errors;
}

/** Questions whose showIf chain comes back to themselves: they could never be shown. */
function showIfCycles(path: string, q: Questionnaire): AuthoringError[] {
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  const errors: AuthoringError[] = [];
  q.questions.forEach((question, qi) => {
    const chain = [question.id];
    let next = question.showIf?.question;
    while (next !== undefined && byId.has(next)) {
      if (next === question.id) {
        errors.push({
          code: 'show_if_cycle',
          file: path,
          pointer: pointer('questions', qi, 'showIf', 'question'),
          message: `showIf conditions form a cycle: ${[...chain, next].join(' → ')}; none of these questions could ever be shown`,
          fix: 'make a question depend only on questions that do not depend on it, directly or through others',
        });
        break;
      }
      if (chain.includes(next)) break; // a cycle further along, reported at its own questions
      chain.push(next);
      next = byId.get(next)?.showIf?.question;
    }
  });
  return errors;
}

/** Text a person reads must say something (zod catches empty strings, not blank ones or a missing help). */
function wordingErrors(path: string, q: Questionnaire): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const check = (text: string, at: string, what: string) => {
    if (text.trim() === '')
      errors.push({
        code: 'missing_wording',
        file: path,
        pointer: at,
        message: `${what} is empty`,
        fix: 'write the text respondents will read; it cannot be empty',
      });
  };
  check(q.title, '/title', 'the questionnaire title');
  check(q.description, '/description', 'the questionnaire description');
  q.domains.forEach((d, di) => {
    check(d.title, pointer('domains', di, 'title'), `the title of domain ${d.id}`);
    check(d.description, pointer('domains', di, 'description'), `the description of domain ${d.id}`);
    d.levelDescriptions.forEach((text, li) => {
      check(text, pointer('domains', di, 'levelDescriptions', li), `level ${li + 1} of domain ${d.id}`);
    });
  });
  q.questions.forEach((question, qi) => {
    check(question.prompt, pointer('questions', qi, 'prompt'), `the prompt of ${question.id}`);
    check(question.help, pointer('questions', qi, 'help'), `the help text of ${question.id}`);
    if ('options' in question)
      question.options.forEach((o, oi) => {
        check(o.label, pointer('questions', qi, 'options', oi, 'label'), `the label of option ${o.id} of ${question.id}`);
      });
    question.caps.forEach((cap, ci) => {
      check(cap.reason, pointer('questions', qi, 'caps', ci, 'reason'), `the reason of a cap on ${question.id}`);
    });
  });
  q.controls.forEach((c, ci) => {
    check(c.title, pointer('controls', ci, 'title'), `the title of control ${c.id}`);
    check(c.action, pointer('controls', ci, 'action'), `the action of control ${c.id}`);
  });
  return errors;
}

/** Every domain must be able to show each level 1 to 5. Run only on otherwise sound files. */
function levelErrors(path: string, q: Questionnaire): AuthoringError[] {
  const errors: AuthoringError[] = [];
  q.domains.forEach((domain, di) => {
    const reachable = reachableLevels(q, domain.id);
    const unreachable = [1, 2, 3, 4, 5].filter((level) => !reachable.has(level));
    if (unreachable.length)
      errors.push({
        code: 'unreachable_level',
        file: path,
        pointer: pointer('domains', di),
        message: `domain ${domain.id} cannot reach level${unreachable.length > 1 ? 's' : ''} ${unreachable.join(', ')}, whatever the answers`,
        fix: "give the domain's scored questions options at those levels (a scored question should offer options from level 1 to level 5)",
      });
  });
  return errors;
}
