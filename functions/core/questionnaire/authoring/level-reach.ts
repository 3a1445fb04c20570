/**
 * Which whole levels a domain can show. Every combination of its questions' distinct
 * answers (one per option level and cap, one per number band) is scored with the real
 * scoring function, so gates, follow-ups, weights and caps count exactly as they do for
 * respondents. Domains are small (a handful of questions with five levels each); past
 * MAX_COMBINATIONS the search answers each question at the option nearest each level.
 */
import type { Answers } from '../answers';
import type { Option, Question, Questionnaire } from '../model';
import { scoreAssessment } from '../../scoring/score';

const MAX_COMBINATIONS = 200_000;
type Answer = Answers[string];

/** One answer per distinct (level, caps) an option-type question offers; one per number band. */
function candidates(question: Question): Answer[] {
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno':
    case 'multi': {
      const seen = new Map<string, Answer>();
      for (const option of question.options) {
        const caps = question.caps
          .filter((c) => c.options.includes(option.id))
          .map((c) => c.maxLevel)
          .join(',');
        const key = `${option.level}|${caps}`;
        if (!seen.has(key)) seen.set(key, { value: question.type === 'multi' ? multiTicks(question.options, option) : option.id });
      }
      return [...seen.values()];
    }
    case 'number':
      return question.bands.map((band) => ({ value: Math.min(question.max, Math.max(question.min, band.min)) }));
    case 'text':
      return [];
  }
}

function levelOf(scope: Questionnaire, domainId: string, answers: Answers): number | undefined {
  return scoreAssessment(scope, answers).domains[domainId]?.level;
}

export function reachableLevels(questionnaire: Questionnaire, domainId: string): Set<number> {
  const domain = questionnaire.domains.find((d) => d.id === domainId);
  if (!domain) return new Set();
  const questions = questionnaire.questions.filter((q) => q.domain === domainId);
  const scope: Questionnaire = { ...questionnaire, domains: [domain], questions };
  const choices = questions.map((q) => ({ id: q.id, answers: candidates(q) })).filter((c) => c.answers.length > 0);
  const reached = new Set<number>();
  const combinations = choices.reduce((n, c) => n * c.answers.length, 1);

  if (combinations > MAX_COMBINATIONS) {
    for (const level of [1, 2, 3, 4, 5]) {
      const answers: Answers = {};
      for (const question of questions) {
        const nearest = nearestAnswer(question, level);
        if (nearest) answers[question.id] = nearest;
      }
      const got = levelOf(scope, domainId, answers);
      if (got !== undefined) reached.add(got);
    }
    return reached;
  }

  // An odometer over every combination, stopping once all five levels are seen.
  const position = choices.map(() => 0);
  for (let n = 0; n < combinations && reached.size < 5; n++) {
    const answers: Answers = {};
    choices.forEach((choice, i) => {
      answers[choice.id] = choice.answers[position[i]!]!;
    });
    const got = levelOf(scope, domainId, answers);
    if (got !== undefined) reached.add(got);
    for (let i = 0; i < position.length; i++) {
      position[i]! += 1;
      if (position[i]! < choices[i]!.answers.length) break;
      position[i] = 0;
    }
  }
  return reached;
}

function nearestAnswer(question: Question, level: number): Answer | undefined {
  if (!('options' in question)) return candidates(question)[0];
  const option = [...question.options].sort((a, b) => Math.abs(a.level - level) - Math.abs(b.level - level))[0];
  return option && { value: question.type === 'multi' ? multiTicks(question.options, option) : option.id };
}

/**
 * A multi-select answer that shows `option`'s level: the option with every essential action
 * at or below its level ticked too, since one left unticked would hold the answer lower
 * (docs/scoring.md). An exclusive option stands alone.
 */
function multiTicks(options: readonly Option[], option: Option): string[] {
  if (option.exclusive === true) return [option.id];
  const essentials = options.filter((o) => o.essential === true && o.exclusive !== true && o.level <= option.level && o.id !== option.id);
  return [option.id, ...essentials.map((o) => o.id)];
}
