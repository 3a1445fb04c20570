/**
 * The synthetic population's answer generator: one implementation, in the core, shared by
 * the demo seeding and the reference population (docs/benchmarks.md, "Reference population").
 */
export { answerAt, answersAt, demoAnswers, seededRandom, type DemoOptions } from '../../functions/core/benchmark/reference/answers';
