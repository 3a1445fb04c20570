/**
 * Bundles an entry point the way the CDK app's NodejsFunctions are bundled (minified ESM
 * for Node 22+, source maps, the AWS SDK left to the Lambda runtime), for benchmarks
 * that need a bundle without a full synth.
 */
import { build } from 'esbuild';
import { ESM_BANNER } from '../infra/lib/aim-function';

export async function buildLikeLambda(entryPoint: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_BANNER },
    // As in AimFunction (bundleAwsSDK: false): the runtime provides the AWS SDK.
    external: ['@aws-sdk/*', '@smithy/*'],
    logLevel: 'warning',
  });
}
