/**
 * The calibration of the synthetic population: one copy, in the core, shared by the demo
 * seeding and the reference population (docs/benchmarks.md, "Reference population").
 */
export { HIGH_SKEW, LATENT_LOADING, LOW_SHARE, QUESTION_TARGETS, lowShareOf, type LowShareTarget } from '../../functions/core/benchmark/reference/calibration';
