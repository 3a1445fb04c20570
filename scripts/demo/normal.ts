/** The standard normal distribution: one implementation, in the core (the reference population uses it too). */
export { normalCdf, normalQuantile, standardNormal } from '../../functions/core/benchmark/reference/normal';
