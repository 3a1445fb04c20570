import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import type { Stage } from './lib/stage';

interface Synth {
  readonly stack: AimStack;
  readonly template: Template;
  readonly outdir: string;
}

const outdirs: string[] = [];

/** Synthesizes one stage into its own temporary cloud assembly. */
function synth(stage: Stage, bundle: boolean): Synth {
  const outdir = mkdtempSync(join(tmpdir(), `aim-cdk-${stage}-`));
  outdirs.push(outdir);
  // Bundling is the slow part and identical across stages: only the dev synth runs esbuild.
  const context = { ...cdkJsonContext(), ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const app = new App({ outdir, context });
  const stack = new AimStack(app, `Aim-${stage}`, { stage });
  return { stack, template: Template.fromStack(stack), outdir };
}

/** Directory of the bundled code of a function, found through the stack's asset manifest. */
function assetDir({ stack, template, outdir }: Synth, fn: IFunction): string {
  const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
  const resource = template.toJSON().Resources[logicalId];
  const objectKey: string = resource.Properties.Code.S3Key;
  const manifest = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const entry = Object.values(manifest.files).find((file) =>
    Object.values(file.destinations).some((d) => d.objectKey === objectKey),
  );
  if (!entry) throw new Error(`No asset for ${logicalId} (${objectKey})`);
  return join(outdir, entry.source.path);
}

function readBundle(dir: string): string {
  return readFileSync(join(dir, 'index.mjs'), 'utf8');
}

let dev: Synth;
let prod: Synth;

beforeAll(() => {
  dev = synth('dev', true);
  prod = synth('prod', false);
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('table', () => {
  it('is the single PK/SK table with streams, PITR and TTL', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('is retained and deletion-protected in prod', () => {
    prod.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('is destroyed with the stack in dev, without deletion protection', () => {
    const [table] = Object.values(dev.template.findResources('AWS::DynamoDB::Table'));
    expect(table?.DeletionPolicy).toBe('Delete');
    expect(table?.Properties.DeletionProtectionEnabled ?? false).toBe(false);
  });
});

describe('functions', () => {
  it('are three arm64 Node 22 functions that know the table name', () => {
    dev.template.resourceCountIs('AWS::Lambda::Function', 3);
    const functions = Object.values(dev.template.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.Environment.Variables.AIM_TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^DataTable/) });
    }
  });

  it('gives the report function 1024 MB and a longer timeout than the API', () => {
    const props = (fn: IFunction) =>
      dev.template.toJSON().Resources[dev.stack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties;
    const report = props(dev.stack.reportFunction);
    const api = props(dev.stack.apiFunction);
    expect(report.MemorySize).toBe(1024);
    expect(report.Timeout).toBeGreaterThan(api.Timeout);
    expect(report.Timeout).toBeLessThanOrEqual(30); // HTTP API integration limit
  });

  it('bundles ESM with a require shim, source maps and the fonts for the report', () => {
    for (const fn of [dev.stack.apiFunction, dev.stack.aggregateFunction, dev.stack.reportFunction]) {
      const dir = assetDir(dev, fn);
      expect(readBundle(dir)).toContain('createRequire');
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    }
    const reportDir = assetDir(dev, dev.stack.reportFunction);
    for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      expect(statSync(join(reportDir, 'fonts', font)).size).toBeGreaterThan(100_000);
    }
    // pdfkit's lazy `require('#standard-fonts/...')` must resolve inside the bundle (see report-bundle.ts).
    const requireFromBundle = createRequire(join(reportDir, 'index.mjs'));
    expect(requireFromBundle.resolve('#standard-fonts/Helvetica')).toBe(
      join(reportDir, 'pdfkit-standard-fonts', 'Helvetica.cjs'),
    );
  });

  it('loads each real bundle on its own, outside the repository', () => {
    // The cloud assembly lives in the OS temp dir, so no node_modules can help the bundle out.
    for (const fn of [dev.stack.apiFunction, dev.stack.aggregateFunction, dev.stack.reportFunction]) {
      const type = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(typeof m.handler);"],
        {
          cwd: assetDir(dev, fn),
          env: { PATH: process.env.PATH, AIM_TABLE_NAME: 'aim-test', AWS_REGION: 'eu-west-1' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'], // keep the SDK's Node-version warning out of the test log
        },
      );
      expect(type).toBe('function');
    }
  });

  it('keeps @react-pdf out of the api and aggregate bundles', () => {
    for (const fn of [dev.stack.apiFunction, dev.stack.aggregateFunction]) {
      const dir = assetDir(dev, fn);
      expect(readdirSync(dir)).toEqual(['index.mjs', 'index.mjs.map']);
      expect(readBundle(dir)).not.toContain('@react-pdf');
      expect(readFileSync(join(dir, 'index.mjs.map'), 'utf8')).not.toContain('@react-pdf');
    }
  });
});

describe('stream aggregation', () => {
  it('maps the table stream to the aggregate function, submissions only', () => {
    dev.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'StreamArn'] },
      FunctionName: { Ref: dev.stack.getLogicalId(dev.stack.aggregateFunction.node.defaultChild as CfnElement) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['submission'] } } } }) }],
      },
    });
    dev.template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('lets the aggregate function read the stream and write the table', () => {
    const aggregateRole = dev.stack.getLogicalId(
      dev.stack.aggregateFunction.role?.node.defaultChild as CfnElement,
    );
    const policies = Object.values(dev.template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: aggregateRole })),
    );
    const actions = new Set(
      policies.flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => s.Action),
      ),
    );
    for (const action of ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      expect(actions).toContain(action);
    }
    expect(actions).toContain('sqs:SendMessage');
  });
});

describe('http api', () => {
  it('routes the PDF to the report function and everything else to the api function', () => {
    dev.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    dev.template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);

    const routes = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = dev.template.findResources('AWS::ApiGatewayV2::Integration');
    const targetOf = (routeKey: string): unknown => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      expect(route, routeKey).toBeDefined();
      const integrationId: string = route?.Properties.Target['Fn::Join'][1][1].Ref;
      return integrations[integrationId]?.Properties.IntegrationUri;
    };
    const arnOf = (fn: IFunction) => ({
      'Fn::GetAtt': [dev.stack.getLogicalId(fn.node.defaultChild as CfnElement), 'Arn'],
    });
    expect(targetOf('GET /v1/assessments/{id}/report.pdf')).toEqual(arnOf(dev.stack.reportFunction));
    expect(targetOf('$default')).toEqual(arnOf(dev.stack.apiFunction));
  });

  it('outputs the API URL and the table name', () => {
    dev.template.hasOutput('ApiUrl', {});
    dev.template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^DataTable') } });
  });
});
