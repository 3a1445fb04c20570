/** Why a level is held below the one its score alone gives, in the words the PDF report uses (docs/reports.md). */
import type { Assessment, QuestionnaireVersion } from './api';

export type HeldBy = NonNullable<NonNullable<Assessment['scores']>['overall']['heldBy']>;

export function heldByText(level: number, held: HeldBy, questionnaire: QuestionnaireVersion): string {
  const questions = questionnaire.domains.flatMap((d) => d.questions);
  const prompt = held.question === undefined ? undefined : (questions.find((q) => q.id === held.question)?.prompt ?? held.question);
  const domain = held.domain === undefined ? undefined : (questionnaire.domains.find((d) => d.id === held.domain)?.title ?? held.domain);
  const by = prompt !== undefined ? `“${prompt}”${domain !== undefined ? ` in ${domain}` : ''}` : (domain ?? 'one answer');
  const rule = held.rule === 'cap' ? 'cap' : prompt !== undefined ? 'weakest answer' : 'weakest domain';
  return `Held at level ${level} by ${by} (${rule}); the score alone would give level ${held.unheldLevel}`;
}

/** The held-by line, or nothing when the level is the one its score gives. */
export function HeldByNote({ level, heldBy, questionnaire }: { level: number; heldBy?: HeldBy; questionnaire: QuestionnaireVersion }) {
  return heldBy ? <span className="hint held-by">{heldByText(level, heldBy, questionnaire)}</span> : null;
}
