import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { logDataProtectionPolicy } from './log-data-protection';
import type { StageSettings } from './stage';

/** Repository root: infra/lib -> ../.. (bundling runs from here so the lock file and tsconfig are found). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/*
 * esbuild's ESM output has no `require`, but CJS dependencies bundled inside call it
 * (for node built-ins). Define it, plus __filename/__dirname, from import.meta.url.
 * Aliased imports keep the names from clashing with anything in the bundle.
 */
export const ESM_BANNER = [
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
  /** Powertools service name (logs, metrics dimension, trace annotation), e.g. `aim-api`. */
  readonly serviceName: string;
  /** Extra files to place next to the bundle (e.g. fonts). */
  readonly commandHooks?: ICommandHooks;
  /** Bundle the pinned AWS SDK instead of taking the runtime's; by default as AWS_SDK_BUNDLED_FOR says. */
  readonly bundleAwsSdk?: boolean;
}

/**
 * The functions that bundle the AWS SDK (pinned by package-lock.json, tree-shaken, evaluated
 * only when the wiring first runs) instead of loading the runtime's from node_modules at
 * module initialisation: that load was most of their cold start (bench/RESULTS.md,
 * docs/cold-starts.md). The api keeps the runtime's: bundled, its code would pass 1.2 MB.
 */
export const AWS_SDK_BUNDLED_FOR: ReadonlySet<string> = new Set(['aim-aggregate', 'aim-audit-ledger', 'aim-evidence']);

/**
 * Constants every bundle is built with: production, so that React (the report's renderer)
 * and any other library reading NODE_ENV take their production build; Lambda sets no NODE_ENV.
 */
export const BUNDLE_DEFINE: Readonly<Record<string, string>> = { 'process.env.NODE_ENV': JSON.stringify('production') };

/** esbuild CLI arguments of every bundle (NodejsFunction takes no plugins; `--alias` replaces bare specifiers). */
export const ESBUILD_ARGS: Readonly<Record<string, string>> = {
  // semver is used by X-Ray's AWS SDK v2 patcher alone, for one gte: a 1 kB stand-in (infra/bundling/semver-gte.cjs).
  '--alias:semver': './infra/bundling/semver-gte.cjs',
  // zod without its 63 unused locales, about 265 kB of every bundle (infra/bundling/zod-stand-in.ts).
  '--alias:zod': './infra/bundling/zod-without-locales.mjs',
};

/**
 * The AWS SDK packages the functions import (infra/bundling/runtime-aws-sdk.test.ts keeps the
 * list whole). Where a function takes the runtime's SDK, esbuild would hoist each external
 * `import` of them to the top of the ESM bundle, so the SDK loaded from node_modules at module
 * initialisation even when only the lazily imported wiring uses it (most of the api's cold
 * start, docs/cold-starts.md). Each is aliased instead to a CommonJS stand-in
 * (infra/bundling/runtime-aws-sdk/) that `require`s the runtime's package where the bundle
 * first evaluates an importer: with the wiring, on the first invocation.
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

/** The esbuild arguments of a function: ESBUILD_ARGS, plus the SDK's stand-ins where the runtime provides the SDK. */
export function esbuildArgsFor(bundleAwsSdk: boolean): Record<string, string> {
  if (bundleAwsSdk) return { ...ESBUILD_ARGS };
  const sdk = RUNTIME_AWS_SDK_PACKAGES.map((name) => [`--alias:@aws-sdk/${name}`, `./infra/bundling/runtime-aws-sdk/${name}.cjs`]);
  return { ...ESBUILD_ARGS, ...Object.fromEntries(sdk) };
}

/** CloudWatch namespace of the application metrics (Powertools, EMF). */
export const METRICS_NAMESPACE = 'AIM';

/**
 * One Lambda with the project's defaults: arm64, Node 24, minified ESM bundle with source maps,
 * built by the local esbuild (no Docker), X-Ray tracing, a log group with a bounded retention,
 * and a role of its own that can write to that log group and nothing else until granted more.
 */
export class AimFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: AimFunctionProps) {
    super(scope, id);
    const { settings } = props;

    // Explicit log group: bounded retention instead of the implicit never-expiring one.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      // Secrets in a log line are masked and counted (log-data-protection.ts).
      dataProtectionPolicy: logDataProtectionPolicy(),
    });

    // Own role instead of the AWSLambdaBasicExecutionRole managed policy, which allows
    // writing to every log group in the account: this one reaches only its own.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    logGroup.grantWrite(role);

    const bundleAwsSDK = props.bundleAwsSdk ?? AWS_SDK_BUNDLED_FOR.has(props.serviceName);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      // The newest Node.js runtime (cdk-nag L1); the code also runs on Node 20/22 locally.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      logGroup,
      role,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        // Stack traces point at the TypeScript sources via the shipped .map file.
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
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
        // The runtime's AWS SDK v3 (@aws-sdk/*, @smithy/*) is used instead of bundling it: that
        // keeps the API bundle under its 1.2 MB target with Powertools and X-Ray on board.
        // The price is drift from the pinned SDK the tests run against; see docs/deploy.md.
        // Stream functions and evidence bundle it instead (AWS_SDK_BUNDLED_FOR); the others
        // load it on first use (RUNTIME_AWS_SDK_PACKAGES).
        bundleAwsSDK,
        esbuildArgs: esbuildArgsFor(bundleAwsSDK),
        define: BUNDLE_DEFINE,
        forceDockerBundling: false,
        ...(props.commandHooks ? { commandHooks: props.commandHooks } : {}),
      },
    });
  }
}
