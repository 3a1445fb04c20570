/**
 * The limits of one answer (issue 13, finding 3). Every question of a questionnaire
 * version answered at all of them at once must fit in one stored assessment: a draft's
 * answers live in one DynamoDB item, which holds at most 400 KB (409,600 bytes, attribute
 * names and values counted in UTF-8), and a submitted assessment, a reopened draft and the
 * idempotency record of a submit or reopen hold the same answers again in one item each.
 *
 * No imports: the web app reads these numbers too (through web/src/api.ts), and the zod
 * schema in answers.ts (hence the OpenAPI document) states them.
 *
 * Worst case of one stored answer, in bytes as DynamoDB counts them
 * (services/stored-size.ts; a string of n UTF-16 code units is at most 3n UTF-8 bytes, and
 * the free-text limits hold after Unicode normalisation, so NFC cannot grow text past them):
 *
 * | part                                                        | bytes  |
 * | ----------------------------------------------------------- | -----: |
 * | map entry: 1 + question id (64 ASCII) + map overhead 3      |     68 |
 * | value: an option id (1 + 5 + 64); a multi's 12 ids 789;      |     70 |
 * |   a text question's maxLength × 3 (none today)               |        |
 * | notApplicable (1 + 13 + 1)                                   |     15 |
 * | reason: 1 + 6 + 500 × 3                                      |  1,507 |
 * | comment: 1 + 7 + 1,000 × 3                                   |  3,008 |
 * | evidence: 1 + 8 + 3 + 5 × (1 + 500 ASCII)                    |  2,517 |
 * | updatedBy (token id, label of 120 × 3 bytes, role, actor type) |  453 |
 * | updatedAt (ISO time), revision (a number counts 21 at most)  |     64 |
 * | one answer                                                  | ≈7,700 |
 * | on a question an import can measure (issue 20): assurance      |        |
 * |   self-attested with a reason (1 + 9 + 13, 1 + 15 + 500 × 3),  |        |
 * |   larger than an evidence source, and a submit's flag ≈ 600    | ≈2,140 |
 *
 * The latest agent-identity version has 40 questions, 9 of them measurable
 * (core/evidence/proposals.ts, MEASURED_QUESTIONS: a reason for departing from evidence is
 * refused elsewhere): 349 KB (348,781 bytes) with the assessment's own fields, its scores
 * with every cap applied, a clearing record for every question id of every version and
 * the flags of a submit. That is under the 350 KB design budget (services/stored-size.ts),
 * which leaves the rest of the 400 KB for the keys and the idempotency record that keeps a
 * copy of a submitted or reopened assessment. services/stored-size.test.ts computes this
 * for every version in the catalogue, so a questionnaire that outgrows it fails a test, not
 * a save in production; at these limits one more question fits the budget, so a larger
 * questionnaire needs a larger budget or an answer stored apart from the assessment.
 */
export const ANSWER_LIMITS = {
  /** UTF-16 code units of a text value (a text question's own maxLength is at most this). */
  valueLength: 5000,
  /** Options of a multi-select answer. */
  valueOptions: 12,
  /** UTF-16 code units of a not-applicable reason, after normalisation. */
  reasonLength: 500,
  /** UTF-16 code units of a comment, after normalisation. */
  commentLength: 1000,
  /** Evidence links per answer. */
  evidenceLinks: 5,
  /** Characters of one evidence link: printable ASCII (an IRI is sent percent-encoded), so also bytes. */
  evidenceUrlLength: 500,
} as const;
