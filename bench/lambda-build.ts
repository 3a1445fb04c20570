/**
 * Bundles an entry point the way the CDK app's NodejsFunctions are bundled (minified ESM
 * for Node 22+, source maps, the AWS SDK left to the Lambda runtime), for benchmarks
 * that need a bundle without a full synth.
 */
import { build } from 'esbuild';
import { BUNDLE_DEFINE, ESM_BANNER, esbuildArgsFor, REPO_ROOT } from '../infra/lib/aim-function';

/** The `--alias:name` arguments of AimFunction (infra/bundling stand-ins), as esbuild's `alias` option. */
const aliasesFor = (bundleAwsSdk: boolean) =>
  Object.fromEntries(
    Object.entries(esbuildArgsFor(bundleAwsSdk))
      .filter(([arg]) => arg.startsWith('--alias:'))
      .map(([arg, path]) => [arg.slice('--alias:'.length), path]),
  );

export async function buildLikeLambda(entryPoint: string, outfile: string, options: { bundleAwsSdk?: boolean } = {}): Promise<void> {
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
    // As in AimFunction: the runtime provides the AWS SDK unless the function bundles it (AWS_SDK_BUNDLED_FOR).
    external: options.bundleAwsSdk ? [] : ['@aws-sdk/*', '@smithy/*'],
    alias: aliasesFor(options.bundleAwsSdk ?? false),
    define: { ...BUNDLE_DEFINE },
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
  });
}
