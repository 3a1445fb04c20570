/**
 * Test support: Lambda bundles built exactly as `cdk synth` builds them. Each one is an
 * AimFunction (infra/lib/aim-function.ts) in a throwaway stack, so the construct's own bundling
 * runs: the local esbuild with the construct's options (infra/lib/function-code.ts: split into
 * index.mjs and its chunks) and the commands run after it (fonts and the like). Nothing about the build is
 * restated here, so the tests cannot drift from what is deployed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AimFunction, REPO_ROOT } from '../lib/aim-function';
import type { AfterBundling } from '../lib/function-code';
import { cdkJsonContext } from '../lib/cdk-json';
import { stageSettings } from '../lib/stage';
import { assetDirOf, functionId, type CloudAssembly } from './cloud-assembly';

export interface BundleSpec {
  /** Entry file relative to the repository root, e.g. `functions/handlers/api.ts`. */
  readonly entry: string;
  /** Powertools service name, as the stack gives it (e.g. `aim-api`). */
  readonly serviceName: string;
  readonly afterBundling?: AfterBundling;
}

export interface LambdaBundle {
  /** The asset directory: what Lambda unpacks into /var/task (index.mjs, its chunks, their maps, assets). */
  readonly dir: string;
  /** The Lambda runtime the function declares, e.g. `nodejs24.x`. */
  readonly runtime: string;
  /** The Lambda environment variables the construct sets (NODE_OPTIONS, POWERTOOLS_*). */
  readonly environment: Record<string, string>;
}

export interface BuiltBundles<K extends string> {
  readonly outdir: string;
  readonly bundles: Record<K, LambdaBundle>;
  /** Removes everything built. */
  dispose(): void;
}

/** Builds one bundle per spec into a fresh directory under the OS temp dir. */
export function buildLambdaBundles<K extends string>(specs: Record<K, BundleSpec>): BuiltBundles<K> {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-lambda-bundles-'));
  try {
    const app = new App({ outdir, context: cdkJsonContext() });
    const stack = new Stack(app, 'AimLambdaBundles');
    const settings = stageSettings('dev');
    for (const [key, spec] of Object.entries<BundleSpec>(specs)) {
      new AimFunction(stack, key, {
        settings,
        entry: spec.entry,
        description: `bundle of ${spec.entry}`,
        serviceName: spec.serviceName,
        ...(spec.afterBundling ? { afterBundling: spec.afterBundling } : {}),
      });
    }
    app.synth();
    const assembly: CloudAssembly = {
      stage: 'dev',
      outdir,
      stackName: stack.stackName,
      template: JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')),
    };
    const bundles = {} as Record<K, LambdaBundle>;
    for (const [key, spec] of Object.entries<BundleSpec>(specs)) {
      const id = functionId(assembly, spec.serviceName);
      const properties = assembly.template.Resources[id]!.Properties;
      bundles[key as K] = { dir: assetDirOf(assembly, id), runtime: properties.Runtime, environment: properties.Environment?.Variables ?? {} };
    }
    return { outdir, bundles, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Puts the AWS SDK v3 that the Lambda Node.js runtime ships (and the bundles leave external)
 * in reach of bundles under `dir`: a node_modules holding @aws-sdk and @smithy alone, linked
 * from the repository's, so any other dependency missing from a bundle still fails.
 */
export function provideRuntimeSdk(dir: string): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const scope of ['@aws-sdk', '@smithy']) symlinkSync(join(REPO_ROOT, 'node_modules', scope), join(modules, scope));
}

/** The Node.js major version of a Lambda runtime name: `nodejs24.x` -> 24. */
export function nodeMajorOf(runtime: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`not a Node.js Lambda runtime: ${runtime}`);
  return Number(match[1]);
}

/** The code files of a built function (infra/lib/function-code.ts): index.mjs and its chunks, every .mjs beside it. */
export function codeFilesOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjs'))
    .sort((a, b) => (a === 'index.mjs' ? -1 : b === 'index.mjs' ? 1 : a.localeCompare(b)));
}

/** All the code of a built function, its files concatenated (index.mjs first). */
export function codeOf(dir: string): Buffer {
  return Buffer.concat(codeFilesOf(dir).map((name) => readFileSync(join(dir, name))));
}

/** Bytes of the source maps of a built function's code files. */
export function sourceMapBytesOf(dir: string): number {
  return codeFilesOf(dir).reduce((sum, name) => sum + statSync(join(dir, `${name}.map`)).size, 0);
}

/** The static `import` specifiers of local files in a minified ESM file (not `import()`, which loads on first use). */
const STATIC_LOCAL_IMPORT = /(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.mjs)["']/g;

/**
 * The files module initialisation loads: index.mjs and the chunks it imports statically,
 * transitively. The chunks only reached through `import()` load on first use. From another
 * file: what loading that file loads.
 */
export function moduleInitFilesOf(dir: string, from = 'index.mjs'): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const match of readFileSync(join(dir, name), 'utf8').matchAll(STATIC_LOCAL_IMPORT)) visit(match[1]!);
  };
  visit(from);
  return [...seen];
}

/** The TypeScript and package sources of some of a bundle's files, from their source maps. */
export function sourcesOf(dir: string, files: readonly string[]): string[] {
  return files.flatMap((name) => (JSON.parse(readFileSync(join(dir, `${name}.map`), 'utf8')) as { sources: string[] }).sources);
}
