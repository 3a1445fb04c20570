import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { aliasesFor, esbuildOptions, REPO_ROOT, RUNTIME_AWS_SDK_PACKAGES } from '../lib/function-code';

const STAND_INS = join(REPO_ROOT, 'infra', 'bundling', 'runtime-aws-sdk');

/** Production sources the Lambda bundles are built from (not tests, not the local runner). */
function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return relative(REPO_ROOT, path) === join('functions', 'local') ? [] : productionSources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the runtime AWS SDK stand-ins of the Lambda bundles', () => {
  const work = mkdtempSync(join(tmpdir(), 'aim-runtime-sdk-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('cover every AWS SDK package the functions import, each with a stand-in requiring that package', () => {
    const imported = new Set<string>();
    for (const file of productionSources(join(REPO_ROOT, 'functions')))
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'@aws-sdk\/([^'/]+)'/g)) imported.add(match[1]!);
    // A package missing here would be hoisted to the top of the bundle and load at module init again.
    expect([...imported].filter((name) => !RUNTIME_AWS_SDK_PACKAGES.includes(name))).toEqual([]);
    for (const name of RUNTIME_AWS_SDK_PACKAGES)
      expect(readFileSync(join(STAND_INS, `${name}.cjs`), 'utf8')).toContain(`module.exports = require('./load.cjs')('@aws-sdk/${name}');`);
  });

  it('alias the SDK only where the function takes the runtime one', () => {
    expect(Object.keys(aliasesFor(true)).some((name) => name.startsWith('@aws-sdk/'))).toBe(false);
    expect(aliasesFor(false)['@aws-sdk/lib-dynamodb']).toBe('./infra/bundling/runtime-aws-sdk/lib-dynamodb.cjs');
  });

  it('leave no SDK import at the top of a bundle: the package loads when a lazily imported module first runs', async () => {
    const entry = join(work, 'entry.ts');
    writeFileSync(
      join(work, 'lazy.ts'),
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const input = () => new GetCommand({ TableName: 't', Key: { id: 'a' } }).input;\n",
    );
    writeFileSync(
      entry,
      "import { createRequire } from 'node:module';\nconst loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@aws-sdk'));\n" +
        "export const handler = async () => { const before = loaded(); const { input } = await import('./lazy'); return { before, input: input(), after: loaded() }; };\n",
    );
    const outdir = join(work, 'out');
    await build({ ...esbuildOptions({ entry, bundleAwsSdk: false }, outdir), logLevel: 'silent' });
    // index.mjs and the chunks (the lazily imported module's among them): none imports the SDK (it is required where first used).
    const files = readdirSync(outdir).filter((name) => name.endsWith('.mjs'));
    expect(files.length).toBeGreaterThan(1);
    for (const name of files) expect(readFileSync(join(outdir, name), 'utf8')).not.toMatch(/from\s*["']@aws-sdk\//);
    // The runtime's SDK is in reach of the bundle as on Lambda (a node_modules next to it).
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const { handler } = await import('./index.mjs'); process.stdout.write(JSON.stringify(await handler()));"],
      {
        cwd: outdir,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual({ before: false, input: { TableName: 't', Key: { id: 'a' } }, after: true });
  });
});
