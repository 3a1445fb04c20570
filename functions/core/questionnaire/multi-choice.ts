/**
 * Ticking one option of a multiple choice: an option marked `exclusive` (such as "none
 * prepared") stands alone, so ticking it clears the others and ticking another clears it.
 * The same rule answer-check.ts enforces on the server; the form applies it as people tick.
 */
export interface ChoiceOption {
  id: string;
  exclusive?: boolean;
}

/** The selection after ticking (`checked`) or unticking `optionId`, in the questionnaire's option order. */
export function toggleChoice(options: readonly ChoiceOption[], selected: readonly string[], optionId: string, checked: boolean): string[] {
  const exclusive = new Set(options.filter((o) => o.exclusive === true).map((o) => o.id));
  let next = new Set(selected);
  if (!checked) next.delete(optionId);
  else if (exclusive.has(optionId)) next = new Set([optionId]);
  else {
    for (const id of exclusive) next.delete(id);
    next.add(optionId);
  }
  return options.map((o) => o.id).filter((id) => next.has(id));
}
