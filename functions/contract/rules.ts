/**
 * The rules the server and the web app share, from the pure core, in one place: which
 * questions a respondent is asked (`showIf`), what each role may do, the names of the
 * maturity levels, the limits of one answer, how long a key may live, and how reference benchmark figures are labelled. The web app runs these very functions
 * (Vite bundles them; at run time they reach nothing beyond the core, not even zod),
 * so what it shows cannot drift from what the API enforces.
 */
export { KEY_LIFETIME_DAYS, PRIVILEGED_KEY_LIFETIME_HOURS } from '../core/access/key-lifetime';
export { KEY_EXCEPTION_LENGTH, PRIVILEGED_ROLES } from '../core/access/agent-keys';
export { roleMay } from '../core/access/policy';
export { ANSWER_LIMITS } from '../core/questionnaire/answer-limits';
export { visibleQuestionIds } from '../core/questionnaire/visibility';
export { toggleChoice } from '../core/questionnaire/multi-choice';
export { levelName } from '../core/report-model/levels';
export { REFERENCE_EXPLANATION, realCohortSentence } from '../core/benchmark/reference/wording';
