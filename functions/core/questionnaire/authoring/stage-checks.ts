/**
 * Checks of controls split into steps (`stage`, docs/reports.md): an advanced step builds
 * on something, so it must declare a prerequisite (an error: without one the roadmap could
 * plan it first). That one of its prerequisites is the foundational step is only a warning:
 * an advanced step may rightly build on an unsplit control or on another advanced step,
 * which only the author can judge.
 */
import type { Questionnaire } from '../model';
import { pointer, type AuthoringError, type AuthoringWarning } from './types';

export function checkStages(path: string, q: Questionnaire): { errors: AuthoringError[]; warnings: AuthoringWarning[] } {
  const errors: AuthoringError[] = [];
  const warnings: AuthoringWarning[] = [];
  const stageOf = new Map(q.controls.map((c) => [c.id, c.stage]));
  q.controls.forEach((control, ci) => {
    if (control.stage !== 'advanced') return;
    const prerequisites = control.prerequisites ?? [];
    if (prerequisites.length === 0)
      errors.push({
        code: 'control_stage',
        file: path,
        pointer: pointer('controls', ci, 'stage'),
        message: `${control.id} is an advanced step but names no prerequisite, so nothing keeps it from being planned before the step it builds on`,
        fix: 'list its foundational step under "prerequisites" (or remove "stage" if the control is not split into steps)',
      });
    else if (!prerequisites.some((id) => stageOf.get(id) === 'foundational'))
      warnings.push({
        code: 'advanced_without_foundational',
        file: path,
        pointer: pointer('controls', ci, 'prerequisites'),
        message: `${control.id} is an advanced step, but none of its prerequisites (${prerequisites.join(', ')}) is a foundational step`,
        fix: 'add its foundational step to "prerequisites" and mark that control "stage": "foundational", unless it really builds on these alone',
      });
  });
  return { errors, warnings };
}
