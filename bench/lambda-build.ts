/**
 * Builds an entry point exactly as the CDK app builds a function's code (infra/lib/function-code.ts:
 * minified ESM split into index.mjs and its chunks, source maps, the AWS SDK bundled or left to the
 * Lambda runtime), for benchmarks that need a bundle without a full synth.
 */
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/lib/function-code';

/** Writes index.mjs and its chunks into `outdir`; the runtime's AWS SDK unless `bundleAwsSdk`. */
export async function buildLikeLambda(entry: string, outdir: string, options: { bundleAwsSdk?: boolean } = {}): Promise<void> {
  await build(esbuildOptions({ entry, bundleAwsSdk: options.bundleAwsSdk ?? false }, outdir));
}
