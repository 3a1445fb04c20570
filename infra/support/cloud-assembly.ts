/** Test and bench support: runs `npm run synth` into a directory and reads what it produced. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../lib/aim-function';
import type { Stage } from '../lib/stage';

const run = promisify(execFile);

export interface CloudAssembly {
  readonly stage: Stage;
  readonly outdir: string;
  readonly stackName: string;
  readonly template: {
    Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
    Outputs?: Record<string, any>;
  };
}

/** `npm run synth -- --context stage=<stage> --output <tmp>`: the CLI, offline, exactly as documented. */
export async function synthWithCli(stage: Stage, extraArgs: string[] = []): Promise<CloudAssembly> {
  const outdir = mkdtempSync(join(tmpdir(), `aim-synth-${stage}-`));
  await run('npm', ['run', '--silent', 'synth', '--', '--context', `stage=${stage}`, '--output', outdir, ...extraArgs], {
    cwd: REPO_ROOT,
    // No AWS credentials or account are needed: the stack is environment-agnostic.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CDK_DISABLE_VERSION_CHECK: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const stackName = `Aim-${stage}`;
  const template = JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8'));
  return { stage, outdir, stackName, template };
}

/** Logical id of the one resource of a type whose properties satisfy `match`. */
export function logicalIdOf(assembly: CloudAssembly, type: string, match: (props: any) => boolean): string {
  const found = Object.entries(assembly.template.Resources).filter(([, r]) => r.Type === type && match(r.Properties ?? {}));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
}

/** The function whose Powertools service name is `service` (aim-api, aim-aggregate, aim-report). */
export function functionId(assembly: CloudAssembly, service: string): string {
  return logicalIdOf(assembly, 'AWS::Lambda::Function', (p) => p.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service);
}

/** Directory of the bundled code of a function, found through the stack's asset manifest. */
export function assetDirOf(assembly: CloudAssembly, functionLogicalId: string): string {
  const objectKey: string = assembly.template.Resources[functionLogicalId]!.Properties.Code.S3Key;
  const manifest = JSON.parse(readFileSync(join(assembly.outdir, `${assembly.stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const entry = Object.values(manifest.files).find((file) => Object.values(file.destinations).some((d) => d.objectKey === objectKey));
  if (!entry) throw new Error(`No asset for ${functionLogicalId} (${objectKey})`);
  return join(assembly.outdir, entry.source.path);
}

/** cdk-nag acknowledgements recorded in the assembly: construct path, finding id, reason. */
export function acknowledgements(assembly: CloudAssembly): { path: string; id: string; reason: string }[] {
  const metadata = JSON.parse(readFileSync(join(assembly.outdir, `${assembly.stackName}.metadata.json`), 'utf8')) as Record<
    string,
    { type: string; data: Record<string, string> }[]
  >;
  return Object.entries(metadata).flatMap(([path, entries]) =>
    entries.filter((e) => e.type === 'aws:cdk:acknowledged-rules').flatMap((e) => Object.entries(e.data).map(([id, reason]) => ({ path, id, reason }))),
  );
}
