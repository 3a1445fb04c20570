import { Duration, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { functionCode, type AfterBundling } from './function-code';
import { logDataProtectionPolicy } from './log-data-protection';
import type { StageSettings } from './stage';

export { REPO_ROOT } from './function-code';

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
  /** Extra files to place next to the bundle (e.g. fonts): shell commands run after the build. */
  readonly afterBundling?: AfterBundling;
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

/** CloudWatch namespace of the application metrics (Powertools, EMF). */
export const METRICS_NAMESPACE = 'AIM';

/**
 * One Lambda with the project's defaults: arm64, Node 24, minified ESM bundle with source maps,
 * built by the local esbuild (no Docker), X-Ray tracing, a log group with a bounded retention,
 * and a role of its own that can write to that log group and nothing else until granted more.
 */
export class AimFunction extends Construct {
  readonly fn: lambda.Function;

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

    const bundleAwsSdk = props.bundleAwsSdk ?? AWS_SDK_BUNDLED_FOR.has(props.serviceName);
    this.fn = new lambda.Function(this, 'Function', {
      // Built by the local esbuild, split at every dynamic import (function-code.ts). The runtime's
      // AWS SDK v3 is used unless the function bundles it (AWS_SDK_BUNDLED_FOR): that keeps the api
      // under its 1.2 MB target; the price is drift from the pinned SDK the tests run against
      // (docs/deploy.md). The others load it on first use (RUNTIME_AWS_SDK_PACKAGES).
      code: functionCode({ entry: props.entry, bundleAwsSdk, ...(props.afterBundling ? { afterBundling: props.afterBundling } : {}) }),
      handler: 'index.handler',
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
        // Stack traces point at the TypeScript sources via the shipped .map files.
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }
}
