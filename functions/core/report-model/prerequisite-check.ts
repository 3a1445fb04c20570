/**
 * The authoring check of prerequisites (./prerequisites.ts): every id names a control of
 * the version, no control is its own prerequisite, and there is no cycle, so an order
 * that puts every prerequisite first always exists.
 */
import { pointer, type AuthoringError } from '../questionnaire/authoring/types';
import type { Questionnaire } from '../questionnaire/model';
import { declaresPrerequisites, type PrerequisiteTable, prerequisitesOf } from './prerequisites';

export type PrerequisiteProblem =
  | { kind: 'unknown_control'; control: string }
  | { kind: 'unknown_prerequisite'; control: string; index: number; prerequisite: string }
  | { kind: 'cycle'; control: string; cycle: string[] };

export function prerequisiteProblems(controlIds: readonly string[], table: PrerequisiteTable): PrerequisiteProblem[] {
  const known = new Set(controlIds);
  const problems: PrerequisiteProblem[] = [];
  for (const [control, prerequisites] of Object.entries(table)) {
    if (!known.has(control)) problems.push({ kind: 'unknown_control', control });
    prerequisites.forEach((prerequisite, index) => {
      if (!known.has(prerequisite)) problems.push({ kind: 'unknown_prerequisite', control, index, prerequisite });
    });
  }

  // Depth-first search; a node met again while still on the path closes a cycle. Each cycle is reported once, at its first control in table order.
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (control: string) => {
    state.set(control, 'open');
    path.push(control);
    for (const next of table[control] ?? []) {
      if (state.get(next) === 'open') problems.push({ kind: 'cycle', control: next, cycle: [...path.slice(path.indexOf(next)), next] });
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(control, 'done');
  };
  for (const control of Object.keys(table)) if (!state.has(control)) visit(control);
  return problems;
}

/** "a → b → a": the cycle in words, for messages. */
export const describeCycle = (cycle: readonly string[]) => cycle.join(' → ');

/** A questionnaire file that parsed, as the authoring check reads it. */
interface CheckedFile {
  /** Relative to the questionnaires folder: `<id>/<version>.json`. */
  path: string;
  questionnaire: Questionnaire;
}

const TABLE_FILE = 'functions/core/report-model/prerequisites.ts';

/**
 * Authoring errors for the prerequisites of one file: those it declares on its controls
 * (pointing into the file) and, when it declares none, those of the reviewed table for
 * its version (naming the table, since the published file cannot change).
 */
export function prerequisiteAuthoringErrors({ path, questionnaire }: CheckedFile): AuthoringError[] {
  const ids = questionnaire.controls.map((c) => c.id);
  const fromTable = !declaresPrerequisites(questionnaire);
  const table = prerequisitesOf(questionnaire);
  const where = (control: string, ...rest: (string | number)[]) => (fromTable ? '' : pointer('controls', ids.indexOf(control), 'prerequisites', ...rest));
  const source = fromTable ? ` in the table for ${questionnaire.id}@${questionnaire.version} (${TABLE_FILE})` : '';
  return prerequisiteProblems(ids, table).map((problem): AuthoringError => {
    if (problem.kind === 'unknown_control')
      return {
        code: 'unknown_prerequisite',
        file: path,
        pointer: '',
        message: `prerequisites are given for "${problem.control}", which is not a control of this version${source}`,
        fix: `remove the entry or correct the control id in ${TABLE_FILE}`,
      };
    if (problem.kind === 'unknown_prerequisite')
      return {
        code: 'unknown_prerequisite',
        file: path,
        pointer: where(problem.control, problem.index),
        message: `"${problem.control}" names "${problem.prerequisite}" as a prerequisite, which is not a control of this version${source}`,
        fix: fromTable ? `correct or remove the id in ${TABLE_FILE}` : 'name a control listed under "controls", or remove the prerequisite',
      };
    return {
      code: 'prerequisite_cycle',
      file: path,
      pointer: where(problem.control),
      message: `prerequisites go round in a cycle: ${describeCycle(problem.cycle)}${source}`,
      fix: 'remove one prerequisite of the cycle: a control cannot, even indirectly, have to come before itself',
    };
  });
}
