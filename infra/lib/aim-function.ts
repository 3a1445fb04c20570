import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { StageSettings } from './stage';

/** Repository root: infra/lib -> ../.. (bundling runs from here so the lock file and tsconfig are found). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/*
 * esbuild's ESM output has no `require`, but CJS dependencies bundled inside call it
 * (for node built-ins). Define it, plus __filename/__dirname, from import.meta.url.
 * Aliased imports keep the names from clashing with anything in the bundle.
 */
const ESM_BANNER = [
  "import { createRequire as __aimCreateRequire } from 'node:module';",
  "import { fileURLToPath as __aimFileURLToPath } from 'node:url';",
  "import { dirname as __aimDirname } from 'node:path';",
  'const require = __aimCreateRequire(import.meta.url);',
  'const __filename = __aimFileURLToPath(import.meta.url);',
  'const __dirname = __aimDirname(__filename);',
].join(' ');

export interface AimFunctionProps {
  readonly settings: StageSettings;
  /** Entry file relative to the repository root, e.g. `functions/handlers/api.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Extra files to place next to the bundle (e.g. fonts). */
  readonly commandHooks?: ICommandHooks;
}

/**
 * One Lambda with the project's defaults: arm64, Node 22, minified ESM bundle with source maps,
 * built by the local esbuild (no Docker), and a log group with a bounded retention.
 */
export class AimFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: AimFunctionProps) {
    super(scope, id);
    const { settings } = props;

    // Explicit log group: bounded retention instead of the implicit never-expiring one.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: settings.removalPolicy,
    });

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      logGroup,
      environment: {
        // Stack traces point at the TypeScript sources via the shipped .map file.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        banner: ESM_BANNER,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Mappings are enough for stack traces; embedding the sources would double the asset.
        sourcesContent: false,
        // Pin the SDK we test against instead of whatever version the runtime ships.
        bundleAwsSDK: true,
        forceDockerBundling: false,
        ...(props.commandHooks ? { commandHooks: props.commandHooks } : {}),
      },
    });
  }
}
