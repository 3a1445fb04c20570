/** Driving the web app with the keyboard only: Tab to a control, then Space, Enter or arrows. */
import type { Page } from 'playwright-core';
import { check, focused } from './browser';

type Focused = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Presses Tab until the focused element matches, failing after `max` presses. */
export async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string, max = 80): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && matches(f)) return f;
  }
  throw new Error(`keyboard: "${what}" not reached within ${max} Tab presses`);
}

export interface KeyboardAnswering {
  answered: string[];
  /** Called after each answer with the number given so far. */
  afterAnswer?: (count: number) => Promise<void>;
}

/**
 * Answers every unanswered question of the current domain and moves on through "Next"
 * links until the last domain's "Review and submit" link has focus. Radios: ArrowDown (moves to
 * and selects the second option); checkboxes: Space on the first one.
 */
export async function answerAllByKeyboard(page: Page, state: KeyboardAnswering, maxTabs = 900): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    if (f.question && !f.notApplicable && f.tag === 'input' && !f.groupAnswered && (f.type === 'radio' || f.type === 'checkbox')) {
      await page.keyboard.press(f.type === 'radio' ? 'ArrowDown' : 'Space');
      const after = await focused(page);
      check(after?.checked, `${f.question}: an option is selected by keyboard`);
      state.answered.push(f.question);
      await state.afterAnswer?.(state.answered.length);
      continue;
    }
    if (f.tag === 'a' && f.text.startsWith('Next:')) {
      const title = f.text.replace('Next: ', '');
      await page.keyboard.press('Enter');
      await page.waitForFunction((t) => document.activeElement?.id === 'domain-title' && document.activeElement.textContent?.includes(t), title);
      continue;
    }
    if (f.tag === 'a' && f.text === 'Review and submit') return;
  }
  throw new Error(`keyboard: the "Review and submit" link was not reached within ${maxTabs} Tab presses`);
}
