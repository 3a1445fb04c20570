/**
 * How a Lambda function's code is built: one run of the local esbuild (no Docker) into the
 * asset directory, minified ESM with source maps, **split at every dynamic `import()`**.
 *
 * `index.mjs` holds what module initialisation runs (the handler and its observability); each
 * lazily imported module (a handler's wiring, react-pdf and the PDF adapter) and what only it
 * needs is a chunk file of its own, which Node reads, parses and evaluates when that `import()`
 * first runs. In one file, the lazily evaluated code was still read and parsed at module init
 * (docs/cold-starts.md). NodejsFunction writes a single `--outfile` and cannot split, so
 * AimFunction builds its code with these options; bench/lambda-build.ts uses them too, so the
 * benchmarks measure what is deployed.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, aws_lambda as lambda } from 'aws-cdk-lib';
import { buildSync, type BuildOptions } from 'esbuild';

/** Repository root: infra/lib -> ../.. (bundling runs from here so package.json and tsconfig are found). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Node.js version the code is built for: the functions' Lambda runtime (AimFunction). */
export const BUNDLE_TARGET = 'node24';

/*
 * esbuild's ESM output has no `require`, but CJS dependencies bundled inside call it
 * (for node built-ins). Define it, plus __filename/__dirname, from import.meta.url: in every
 * output file (index.mjs and each chunk), all in the same directory. Aliased imports keep the
 * names from clashing with anything in the bundle.
 */
export const ESM_BANNER = [
  "import { createRequire as __aimCreateRequire } from 'node:module';",
  "import { fileURLToPath as __aimFileURLToPath } from 'node:url';",
  "import { dirname as __aimDirname } from 'node:path';",
  'const require = __aimCreateRequire(import.meta.url);',
  'const __filename = __aimFileURLToPath(import.meta.url);',
  'const __dirname = __aimDirname(__filename);',
].join(' ');

/**
 * Constants every bundle is built with: production, so that React (the report's renderer)
 * and any other library reading NODE_ENV take their production build; Lambda sets no NODE_ENV.
 */
export const BUNDLE_DEFINE: Readonly<Record<string, string>> = { 'process.env.NODE_ENV': JSON.stringify('production') };

/** Packages every bundle replaces with a stand-in (paths relative to the repository root). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // semver is used by X-Ray's AWS SDK v2 patcher alone, for one gte: a 1 kB stand-in (infra/bundling/semver-gte.cjs).
  semver: './infra/bundling/semver-gte.cjs',
  // zod without its 63 unused locales, about 265 kB of every bundle (infra/bundling/zod-stand-in.ts).
  zod: './infra/bundling/zod-without-locales.mjs',
};

/**
 * The AWS SDK packages the functions import (infra/bundling/runtime-aws-sdk.test.ts keeps the
 * list whole). Where a function takes the runtime's SDK, each is aliased to a CommonJS stand-in
 * (infra/bundling/runtime-aws-sdk/) that `require`s the runtime's package where the bundle
 * first evaluates an importer, instead of an ESM `import` of the package, which Node loads
 * through its slower CommonJS translation (docs/cold-starts.md).
 */
export const RUNTIME_AWS_SDK_PACKAGES: readonly string[] = [
  'client-cognito-identity-provider',
  'client-dynamodb',
  'client-kms',
  'client-s3',
  'client-secrets-manager',
  'lib-dynamodb',
  's3-request-presigner',
  'util-dynamodb',
];

/** The aliases of a function: BUNDLE_ALIASES, plus the SDK's stand-ins where the runtime provides the SDK. */
export function aliasesFor(bundleAwsSdk: boolean): Record<string, string> {
  if (bundleAwsSdk) return { ...BUNDLE_ALIASES };
  const sdk = RUNTIME_AWS_SDK_PACKAGES.map((name) => [`@aws-sdk/${name}`, `./infra/bundling/runtime-aws-sdk/${name}.cjs`]);
  return { ...BUNDLE_ALIASES, ...Object.fromEntries(sdk) };
}

export interface FunctionCodeSpec {
  /** Entry file, absolute or relative to the repository root. */
  readonly entry: string;
  /** Bundle the pinned AWS SDK; otherwise the runtime's is used (external, through the stand-ins). */
  readonly bundleAwsSdk: boolean;
}

/**
 * esbuild options of a function's code, written to `outdir`: `index.mjs` (exports `handler`)
 * and one `<name>-<hash>.mjs` per chunk beside it, each with its source map (mappings only:
 * embedding the sources would double the asset). Chunks sit in the same directory as index.mjs
 * so that `import.meta.url` gives every module the same directory (the report's fonts, pdfkit's
 * standard-font metrics and the require shim resolve from it).
 */
export function esbuildOptions(spec: FunctionCodeSpec, outdir: string): BuildOptions {
  return {
    entryPoints: { index: resolve(REPO_ROOT, spec.entry) },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_BANNER },
    // The runtime provides the AWS SDK v3 (@aws-sdk/*, @smithy/*) unless the function bundles it.
    external: spec.bundleAwsSdk ? [] : ['@aws-sdk/*', '@smithy/*'],
    alias: aliasesFor(spec.bundleAwsSdk),
    define: { ...BUNDLE_DEFINE },
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
  };
}

/** Shell commands run after the build, e.g. copying fonts next to index.mjs (report-bundle.ts). */
export type AfterBundling = (inputDir: string, outputDir: string) => string[];

/**
 * The asset of a function: built locally by esbuild at synth, hashed by its output (as
 * NodejsFunction's are).
 */
export function functionCode(spec: FunctionCodeSpec & { readonly afterBundling?: AfterBundling }): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never run: local bundling succeeds or throws. The image and command only describe the
      // build, and they must: the CDK caches a staged asset by the bundling options it can
      // serialise, so without the entry in them two functions would share one asset.
      image: DockerImage.fromRegistry('dummy'),
      command: ['esbuild', spec.entry, spec.bundleAwsSdk ? '--aws-sdk=bundled' : '--aws-sdk=runtime', ...(spec.afterBundling?.('<in>', '<out>') ?? [])],
      local: {
        tryBundle(outputDir) {
          buildSync(esbuildOptions(spec, outputDir));
          for (const command of spec.afterBundling?.(REPO_ROOT, outputDir) ?? [])
            execFileSync('bash', ['-c', command], { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, 'inherit'] });
          return true;
        },
      },
    },
  });
}
