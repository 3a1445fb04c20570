/**
 * The CDK app as `npm run synth` builds it, offline, for both stages: the template's resources
 * and properties, the cdk-nag acknowledgements, and the bundles themselves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../functions/config';
import { questionnaireDocuments } from '../questionnaires';
import { INTERACTIVE_AGENT_USE_MESSAGE } from '../functions/http/interactive-agent-use';
import { CONTAINMENT_MESSAGE } from '../functions/services/containment';
import { REPO_ROOT } from './lib/aim-function';
import { ACCESS_LOG_FORMAT } from './lib/http-api';
import { acknowledgements, assetDirOf, functionId, synthWithCli, type CloudAssembly } from './support/cloud-assembly';
import { codeFilesOf, codeOf, moduleInitFilesOf, sourcesOf } from './support/lambda-bundles';

let dev: CloudAssembly;
let prod: CloudAssembly;
let devT: Template;
let prodT: Template;

beforeAll(async () => {
  [dev, prod] = await Promise.all([synthWithCli('dev'), synthWithCli('prod')]);
  devT = Template.fromJSON(dev.template);
  prodT = Template.fromJSON(prod.template);
}, 240_000);

afterAll(() => {
  for (const a of [dev, prod]) if (a) rmSync(a.outdir, { recursive: true, force: true });
});

const resources = (a: CloudAssembly, type: string) => Object.entries(a.template.Resources).filter(([, r]) => r.Type === type);
const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });

/** Every IAM statement attached to a function's role. */
function statementsOf(a: CloudAssembly, fnId: string): { Action: string | string[]; Resource: unknown }[] {
  const role = a.template.Resources[fnId]!.Properties.Role['Fn::GetAtt'][0];
  return resources(a, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: role })))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
/** Actions a function's statements allow on `resource` (alone, or among others: IAM minimizePolicies merges statements). */
const actionsOn = (a: CloudAssembly, fnId: string, resource: unknown) =>
  statementsOf(a, fnId)
    .filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)))
    .flatMap((s) => [s.Action].flat());

describe('npm run synth', () => {
  it('synthesizes both stages offline, with cdk-nag passing (it fails the synth on findings)', () => {
    expect(dev.template.Resources).toBeDefined();
    expect(prod.template.Resources).toBeDefined();
    const report = JSON.parse(readFileSync(join(dev.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it('gives every acknowledged cdk-nag finding a reason, and acknowledges only AwsSolutions rules', () => {
    for (const a of [dev, prod]) {
      const acks = acknowledgements(a);
      expect(acks.length).toBeGreaterThan(10);
      for (const { id, reason } of acks) {
        expect(id).toMatch(/^Annotation::AwsSolutions-[A-Z]+\d+/);
        expect(reason.length, id).toBeGreaterThan(60);
      }
      // The wildcard findings are acknowledged one by one, never the whole rule.
      expect(acks.filter((x) => x.id === 'Annotation::AwsSolutions-IAM5')).toEqual([]);
    }
    const listStreams = acknowledgements(dev).find((x) => x.path === '/Aim-dev/Aggregate/Role' && x.id.endsWith('IAM5[Resource::*]'));
    expect(listStreams?.reason).toContain('dynamodb:ListStreams');
  });
});

describe('table', () => {
  it('is the single PK/SK on-demand table with streams, PITR, TTL and a customer-managed key', () => {
    devT.resourceCountIs('AWS::DynamoDB::Table', 1);
    const [keyId] = resources(dev, 'AWS::KMS::Key').find(([, k]) => String(k.Properties.Description).includes('DynamoDB'))!;
    devT.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('DynamoDB') });
    devT.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(keyId) },
    });
  });

  it('is retained with deletion protection in prod, and so are its key, the secret and the logs', () => {
    prodT.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    for (const type of ['AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket']) {
      for (const [id, r] of resources(prod, type)) expect(r.DeletionPolicy, `${type} ${id}`).toBe('Retain');
    }
  });

  it('is destroyed with the stack in dev, without deletion protection', () => {
    const [[, table]] = resources(dev, 'AWS::DynamoDB::Table') as [[string, any]];
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled ?? false).toBe(false);
  });
});

describe('functions', () => {
  const services = ['aim-api', 'aim-aggregate', 'aim-report', 'aim-evidence'] as const;

  it('are arm64, Node 22 or newer, traced, with source maps and their own log groups', () => {
    for (const service of services) {
      const fn = dev.template.Resources[functionId(dev, service)]!.Properties;
      expect(fn.Architectures).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Handler).toBe('index.handler');
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/Logs/) });
      expect(fn.Environment.Variables).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: service,
        POWERTOOLS_METRICS_NAMESPACE: 'AIM',
        AIM_TABLE_NAME: { Ref: expect.stringMatching(/^DataTable/) },
      });
    }
  });

  it('gives the report and evidence functions more memory and a longer timeout than the API, within the HTTP API limit', () => {
    const api = dev.template.Resources[functionId(dev, 'aim-api')]!.Properties;
    for (const service of ['aim-report', 'aim-evidence']) {
      const fn = dev.template.Resources[functionId(dev, service)]!.Properties;
      expect(fn.MemorySize).toBeGreaterThan(api.MemorySize);
      expect(fn.MemorySize).toBe(1024);
      expect(fn.Timeout).toBeGreaterThan(api.Timeout);
      expect(fn.Timeout).toBeLessThanOrEqual(30);
    }
  });

  it('tells the api (only) where the admin secret is, and the HTTP functions the web origin', () => {
    const [secretId] = resources(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /bootstrap admin/.test(r.Properties.Description))!;
    const [distributionId] = resources(dev, 'AWS::CloudFront::Distribution')[0]!;
    const env = (service: string) => dev.template.Resources[functionId(dev, service)]!.Properties.Environment.Variables;
    expect(env('aim-api').AIM_ADMIN_TOKEN_SECRET_ARN).toEqual({ Ref: secretId });
    for (const service of ['aim-report', 'aim-evidence', 'aim-aggregate']) expect(env(service).AIM_ADMIN_TOKEN_SECRET_ARN).toBeUndefined();
    const webOrigin = { 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName')]] };
    for (const service of ['aim-api', 'aim-report', 'aim-evidence']) expect(env(service).AIM_WEB_ORIGIN).toEqual(webOrigin);
  });

  it("lets only the api sign agents' tokens, with an asymmetric P-256 key, and tells it and the PDF route their issuer", () => {
    const [keyId, key] = resources(dev, 'AWS::KMS::Key').find(([, k]) => String(k.Properties.Description).includes('agents'))!;
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const env = (service: string) => dev.template.Resources[functionId(dev, service)]!.Properties.Environment.Variables;
    expect(env('aim-api').AIM_AGENT_SIGNING_KEY_ARN).toEqual(getAtt(keyId, 'Arn'));
    expect(JSON.stringify(env('aim-api').AIM_ISSUER)).toContain('execute-api');
    expect(actionsOn(dev, functionId(dev, 'aim-api'), getAtt(keyId, 'Arn')).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    // The report and evidence functions verify agents' tokens on their routes: the public half only.
    for (const service of ['aim-report', 'aim-evidence']) {
      expect(actionsOn(dev, functionId(dev, service), getAtt(keyId, 'Arn'))).toEqual(['kms:GetPublicKey']);
      expect(env(service).AIM_AGENT_SIGNING_KEY_ARN).toEqual(getAtt(keyId, 'Arn'));
      expect(env(service).AIM_ISSUER).toEqual(env('aim-api').AIM_ISSUER);
    }
    expect(env('aim-aggregate').AIM_AGENT_SIGNING_KEY_ARN).toBeUndefined();
    for (const service of ['aim-aggregate', 'aim-report', 'aim-evidence'])
      expect(JSON.stringify(statementsOf(dev, functionId(dev, service)))).not.toContain('kms:Sign');
  });

  it('grants each function only what it uses, without wildcards on the table or its key', () => {
    const tableId = resources(dev, 'AWS::DynamoDB::Table')[0]![0];
    const [secretId] = resources(dev, 'AWS::SecretsManager::Secret')[0]!;
    const [keyId] = resources(dev, 'AWS::KMS::Key').find(([, k]) => String(k.Properties.Description).includes('DynamoDB'))!;
    const api = functionId(dev, 'aim-api');
    const aggregate = functionId(dev, 'aim-aggregate');
    const report = functionId(dev, 'aim-report');
    const evidence = functionId(dev, 'aim-evidence');
    for (const fn of [api, aggregate, report, evidence]) {
      expect(actionsOn(dev, fn, getAtt(tableId))).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']));
      expect(actionsOn(dev, fn, getAtt(keyId))).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
      // The only Resource "*" statements: X-Ray (and ListStreams for the stream readers: aggregation and stored reports).
      const star = statementsOf(dev, fn)
        .filter((s) => s.Resource === '*')
        .flatMap((s) => [s.Action].flat());
      expect(star.sort()).toEqual(
        fn === aggregate || fn === report
          ? ['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']
          : ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      );
      expect(statementsOf(dev, fn).flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:*');
    }
    expect(actionsOn(dev, api, { Ref: secretId })).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(JSON.stringify(statementsOf(dev, aggregate))).not.toContain('secretsmanager');
    // The report and evidence functions read one secret: the pointer naming the signing keys (infra/agent-signing-key.test.ts).
    const [pointerId] = resources(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /which KMS keys/.test(r.Properties.Description))!;
    for (const fn of [report, evidence]) {
      const secrets = statementsOf(dev, fn).filter((s) => JSON.stringify(s.Action).includes('secretsmanager'));
      expect(secrets.map((s) => s.Resource)).toEqual([{ Ref: pointerId }]);
    }
    expect(actionsOn(dev, aggregate, getAtt(tableId, 'StreamArn'))).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
    // No AWS managed policy (AWSLambdaBasicExecutionRole would allow every log group) on AIM's own roles.
    for (const fn of [api, aggregate, report, evidence]) {
      const role = dev.template.Resources[fn]!.Properties.Role['Fn::GetAtt'][0];
      expect(dev.template.Resources[role]!.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('bundles', () => {
  const dirOf = (service: string) => assetDirOf(dev, functionId(dev, service));

  it('are ESM with a require shim, built for production, with source maps; the report ships its fonts', () => {
    for (const service of ['aim-api', 'aim-aggregate', 'aim-report', 'aim-evidence']) {
      const dir = dirOf(service);
      expect(codeFilesOf(dir)[0]).toBe('index.mjs');
      for (const file of codeFilesOf(dir)) {
        const code = readFileSync(join(dir, file), 'utf8');
        expect(code, file).toContain('createRequire');
        // Built for production: no library (React in the report above all) reads NODE_ENV at run time and picks its development build.
        expect(code, file).not.toContain('process.env.NODE_ENV');
        expect(existsSync(join(dir, `${file}.map`)), file).toBe(true);
      }
    }
    const reportDir = dirOf('aim-report');
    for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) expect(statSync(join(reportDir, 'fonts', font)).size).toBeGreaterThan(100_000);
    const requireFromBundle = createRequire(join(reportDir, 'index.mjs'));
    expect(requireFromBundle.resolve('#standard-fonts/Helvetica')).toBe(join(reportDir, 'pdfkit-standard-fonts', 'Helvetica.cjs'));
  });

  it('load at module init the handler, its logger and metrics only: the wiring, zod, X-Ray and the AWS SDK are chunks loaded on first use', () => {
    const wiringOf = { 'aim-api': 'api-wiring', 'aim-aggregate': 'aggregate-wiring', 'aim-report': 'report-wiring', 'aim-evidence': 'evidence-wiring' };
    for (const [service, wiring] of Object.entries(wiringOf)) {
      const dir = dirOf(service);
      const atInit = sourcesOf(dir, moduleInitFilesOf(dir));
      expect(
        atInit.some((s) => s.includes(`functions/handlers/${service.slice('aim-'.length)}.ts`)),
        service,
      ).toBe(true);
      expect(
        atInit.filter(
          (s) => s.includes(`handlers/${wiring}.ts`) || /node_modules\/(zod|hono|@aws-sdk|aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//.test(s),
        ),
        service,
      ).toEqual([]);
      expect(
        sourcesOf(dir, codeFilesOf(dir)).some((s) => s.includes(`handlers/${wiring}.ts`)),
        service,
      ).toBe(true);
    }
    // react-pdf is a chunk of its own, loaded at the first render: not by the wiring, so serving a stored report never loads it.
    const reportDir = dirOf('aim-report');
    const wiringChunk = codeFilesOf(reportDir).find((f) => f.startsWith('report-wiring-'))!;
    expect(sourcesOf(reportDir, moduleInitFilesOf(reportDir, wiringChunk)).filter((s) => s.includes('@react-pdf'))).toEqual([]);
    expect(sourcesOf(reportDir, codeFilesOf(reportDir)).some((s) => s.includes('@react-pdf'))).toBe(true);
  });

  it('keep @react-pdf out of the api, aggregate and evidence bundles, the inventory readers in the evidence bundle alone, and the api under 1.2 MB', () => {
    const code = (service: string) => codeOf(dirOf(service)).toString('utf8');
    for (const service of ['aim-api', 'aim-aggregate', 'aim-evidence']) {
      const dir = dirOf(service);
      // Nothing but code and source maps.
      expect(readdirSync(dir).sort()).toEqual(
        codeFilesOf(dir)
          .flatMap((f) => [f, `${f}.map`])
          .sort(),
      );
      expect(code(service)).not.toContain('@react-pdf');
      expect(sourcesOf(dir, codeFilesOf(dir)).filter((s) => s.includes('@react-pdf'))).toEqual([]);
    }
    // The readers of uploaded files (and csv-parse) serve the evidence routes only (issue 20).
    const sources = (service: string) => sourcesOf(dirOf(service), codeFilesOf(dirOf(service)));
    for (const service of ['aim-api', 'aim-aggregate', 'aim-report']) {
      expect(
        sources(service).filter((s) => /csv-parse|adapters\/csv\/evidence-csv|services\/evidence\.ts/.test(s)),
        service,
      ).toEqual([]);
    }
    expect(sources('aim-evidence').some((s) => s.includes('csv-parse'))).toBe(true);
    // 1.1 MB since agents' tokens brought jose (24 kB) into the api; 1.2 MB since people's
    // sign-in brought openid-client and oauth4webapi (about 30 kB) and sessions, memberships and
    // delegations (docs/deploy.md, "AWS SDK"; bench:bundles measures what it costs at start).
    // The budget is for code: every questionnaire version is bundled as data (published ones
    // stay for good, about 85 kB minified each since 1.2.0), so their bytes are not counted.
    const api = code('aim-api');
    const questionnaires = questionnaireDocuments.map((d) => JSON.stringify(d.content));
    for (const data of questionnaires) expect(api).toContain(JSON.stringify((JSON.parse(data) as { title: string }).title));
    const questionnaireBytes = questionnaires.reduce((sum, data) => sum + Buffer.byteLength(data), 0);
    expect(Buffer.byteLength(api) - questionnaireBytes).toBeLessThan(1_200_000);
  });

  it('load on their own with only the AWS SDK the Lambda runtime provides', () => {
    // The assembly is in the OS temp dir: the only node_modules in reach is this one, holding
    // @aws-sdk and @smithy alone (the AWS SDK v3 the Node.js runtime ships, which the bundles
    // leave external), so any other missing dependency fails here.
    const modules = join(dev.outdir, 'node_modules');
    mkdirSync(modules, { recursive: true });
    for (const scope of ['@aws-sdk', '@smithy']) symlinkSync(join(REPO_ROOT, 'node_modules', scope), join(modules, scope));
    for (const service of ['aim-api', 'aim-aggregate', 'aim-report', 'aim-evidence', 'aim-agent-signing-key-rotation']) {
      const type = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(typeof m.handler);"],
        {
          cwd: dirOf(service),
          env: { PATH: process.env.PATH, AIM_TABLE_NAME: 'aim-test', AWS_REGION: 'eu-west-1', POWERTOOLS_METRICS_DISABLED: 'true' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      expect(type, service).toBe('function');
    }
  });

  it('leave the runtime AWS SDK out of the api module init: loaded by the wiring on the first invocation', () => {
    const dir = dirOf('aim-api');
    // esbuild hoists an external package's import to the top of its file: none may be left (RUNTIME_AWS_SDK_PACKAGES).
    for (const file of codeFilesOf(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/from\s*["']@aws-sdk\//);
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { createRequire } from 'node:module'; await import('./index.mjs'); process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache).filter((path) => /@aws-sdk\\//.test(path))));",
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, AIM_TABLE_NAME: 'aim-test', AWS_REGION: 'eu-west-1', POWERTOOLS_METRICS_DISABLED: 'true' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(JSON.parse(loaded)).toEqual([]);
  });
});

describe('stream aggregation', () => {
  it('maps the table stream to the aggregate function: batches, bisection, retries, DLQ, partial failures', () => {
    // Three readers of the table stream: aggregation here, the audit ledger (infra/audit-ledger.test.ts)
    // and the stored reports' renderer (infra/report-storage.test.ts).
    devT.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    devT.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'StreamArn'] },
      FunctionName: { Ref: functionId(dev, 'aim-aggregate') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['submission'] } } } }) }] },
    });
    devT.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
  });
});

describe('http api', () => {
  it('routes the PDF to the report function, the evidence routes to the evidence function and everything else to the api function', () => {
    devT.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    devT.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = resources(dev, 'AWS::ApiGatewayV2::Route').map(([, r]) => r);
    const targetOf = (routeKey: string): unknown => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      const integrationId: string = route?.Properties.Target['Fn::Join'][1][1].Ref;
      return dev.template.Resources[integrationId]?.Properties.IntegrationUri;
    };
    expect(targetOf('GET /v1/assessments/{id}/report.pdf')).toEqual(getAtt(functionId(dev, 'aim-report')));
    for (const routeKey of [
      'GET /v1/assessments/{id}/evidence',
      'POST /v1/assessments/{id}/evidence',
      // The classification preview, POST /v1/assessments/{id}/evidence/preview.
      'POST /v1/assessments/{id}/evidence/{proxy+}',
      'GET /v1/evidence/{proxy+}',
      'PUT /v1/evidence/{proxy+}',
    ])
      expect(targetOf(routeKey), routeKey).toEqual(getAtt(functionId(dev, 'aim-evidence')));
    expect(targetOf('$default')).toEqual(getAtt(functionId(dev, 'aim-api')));
  });

  it('throttles the stage (tighter in dev) and writes JSON access logs', () => {
    const [logId] = resources(dev, 'AWS::Logs::LogGroup').find(([id]) => id.startsWith('HttpAccessLogs'))!;
    devT.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
      AccessLogSettings: { DestinationArn: getAtt(logId), Format: ACCESS_LOG_FORMAT },
    });
    prodT.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 } });
    expect(JSON.parse(ACCESS_LOG_FORMAT).requestId).toBe('$context.requestId');
  });

  it('leaves CORS to the app (limited to the web origin): no API-wide CORS that could allow others', () => {
    const [[, api]] = resources(dev, 'AWS::ApiGatewayV2::Api') as [[string, any]];
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('web app', () => {
  it('is a private, encrypted, TLS-only bucket with access logs', () => {
    const [bucketId, bucket] = resources(dev, 'AWS::S3::Bucket').find(([id]) => id.startsWith('WebBucket'))!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { LogFilePrefix: 's3/' },
    });
    const policy = resources(dev, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))![1];
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Only CloudFront (this distribution, through origin access control) may read objects.
    const reads = statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:GetObject'));
    expect(reads).toHaveLength(1);
    expect(reads[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(JSON.stringify(reads[0].Condition)).toContain('AWS:SourceArn');
  });

  it('is served by CloudFront over HTTPS with origin access control and security headers; /v1/* goes to the API uncached', () => {
    devT.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    devT.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const [headersId] = resources(dev, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    devT.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"), Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    const [[, distribution]] = resources(dev, 'AWS::CloudFront::Distribution') as [[string, any]];
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: headersId } });
    const [api] = config.CacheBehaviors;
    expect(api).toMatchObject({
      PathPattern: '/v1/*',
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      AllowedMethods: expect.arrayContaining(['POST', 'PATCH', 'DELETE']),
    });
    const apiOrigin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('execute-api');
  });

  it('lets the api believe the viewer address only from requests that carry the secret CloudFront adds', () => {
    const [[, distribution]] = resources(dev, 'AWS::CloudFront::Distribution') as [[string, any]];
    const config = distribution.Properties.DistributionConfig;
    const [api] = config.CacheBehaviors;
    // Managed-AllViewerExceptHostHeader forwards the CloudFront headers, CloudFront-Viewer-Address among them.
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const [secretId] = resources(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /through CloudFront/.test(r.Properties.Description))!;
    // The same secret, resolved at deployment (a dynamic reference: never in the template), in the origin header and the api's environment.
    const reference = (value: unknown) =>
      JSON.stringify(value).includes(`{"Ref":"${secretId}"}`) && JSON.stringify(value).includes('{{resolve:secretsmanager:');
    const apiOrigin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(apiOrigin.OriginCustomHeaders).toHaveLength(1);
    expect(apiOrigin.OriginCustomHeaders[0].HeaderName).toBe(ORIGIN_VERIFY_HEADER);
    expect(reference(apiOrigin.OriginCustomHeaders[0].HeaderValue)).toBe(true);
    const env = (service: string) => dev.template.Resources[functionId(dev, service)]!.Properties.Environment.Variables;
    expect(reference(env('aim-api').AIM_ORIGIN_VERIFY_SECRET)).toBe(true);
    expect(env('aim-report').AIM_ORIGIN_VERIFY_SECRET).toBeUndefined();
    // The S3 origin (the web app) gets no such header.
    expect(config.Origins.filter((o: any) => o.OriginCustomHeaders)).toHaveLength(1);
  });

  it('uploads web/dist into the bucket', () => {
    devT.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const manifest = readFileSync(join(dev.outdir, 'Aim-dev.assets.json'), 'utf8');
    const zipped = Object.values(JSON.parse(manifest).files as Record<string, { source: { path: string; packaging?: string } }>).filter(
      (f) => f.source.packaging === 'zip' && f.source.path.startsWith('asset.'),
    );
    const webAsset = zipped.find((f) => existsSync(join(dev.outdir, f.source.path, 'index.html')));
    expect(webAsset, 'web/dist staged as an asset').toBeDefined();
    expect(readFileSync(join(dev.outdir, webAsset!.source.path, 'index.html'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'web', 'dist', 'index.html'), 'utf8'),
    );
  });
});

describe('admin secret', () => {
  it('is generated by Secrets Manager at deployment, never written in the template', () => {
    devT.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
    const [[, secret]] = resources(dev, 'AWS::SecretsManager::Secret') as [[string, any]];
    expect(secret.Properties.SecretString).toBeUndefined();
  });
});

describe('observability', () => {
  it('alarms on errors and throttles of each function, the iterator age, the DLQ and API 5xx, all notifying one encrypted topic', () => {
    const [topicId, topic] = resources(dev, 'AWS::SNS::Topic')[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const has = (metric: string, match: (a: any) => boolean = () => true) => alarms.filter((a) => a.MetricName === metric && match(a));
    for (const service of ['aim-api', 'aim-aggregate', 'aim-report', 'aim-evidence']) {
      const byFunction = (a: any) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId(dev, service) } }]);
      expect(has('Errors', byFunction), `${service} errors`).toHaveLength(1);
      expect(has('Throttles', byFunction), `${service} throttles`).toHaveLength(1);
    }
    // Outside the request path: the signing key's rotation alarms on its failures.
    const byRotation = (a: any) =>
      JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId(dev, 'aim-agent-signing-key-rotation') } }]);
    expect(has('Errors', byRotation), 'signing key rotation errors').toHaveLength(1);
    expect(has('IteratorAge')).toMatchObject([{ Statistic: 'Maximum', Threshold: 300_000 }]);
    // The aggregation's dead-letter queue here; the audit ledger's has its own (infra/audit-ledger.test.ts).
    const [aggregationDlq] = resources(dev, 'AWS::SQS::Queue').find(([id]) => id.startsWith('AggregationDeadLetterQueue')) ?? [];
    const onAggregationDlq = (a: any) => JSON.stringify(a.Dimensions).includes(String(aggregationDlq));
    expect(has('ApproximateNumberOfMessagesVisible', onAggregationDlq)).toMatchObject([{ Namespace: 'AWS/SQS', Threshold: 1 }]);
    expect(has('5xx')).toMatchObject([{ Namespace: 'AWS/ApiGateway' }]);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it("counts every browser use of an agent's credential in every function that authenticates, and alarms on the first", () => {
    const [topicId] = resources(dev, 'AWS::SNS::Topic')[0]!;
    const filters = resources(dev, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const counted = filters.filter((f) => f.MetricTransformations?.[0]?.MetricName === 'InteractiveAgentUse');
    expect(counted).toHaveLength(3);
    for (const filter of counted) {
      expect(filter.FilterPattern).toContain(INTERACTIVE_AGENT_USE_MESSAGE);
      expect(filter.FilterPattern).toContain('$.message');
      expect(filter.MetricTransformations[0]).toMatchObject({ MetricNamespace: 'AIM', MetricValue: '1' });
    }
    const logGroupOf = (service: string) => JSON.stringify(dev.template.Resources[functionId(dev, service)]!.Properties.LoggingConfig.LogGroup);
    expect(counted.map((f) => JSON.stringify(f.LogGroupName)).sort()).toEqual(
      [logGroupOf('aim-api'), logGroupOf('aim-report'), logGroupOf('aim-evidence')].sort(),
    );
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'InteractiveAgentUse')).toMatchObject([{ Namespace: 'AIM', Threshold: 1, AlarmActions: [{ Ref: topicId }] }]);
  });

  it('counts every automatic containment in every function that authenticates, and alarms on the first', () => {
    const [topicId] = resources(dev, 'AWS::SNS::Topic')[0]!;
    const counted = resources(dev, 'AWS::Logs::MetricFilter')
      .map(([, f]) => f.Properties)
      .filter((f) => f.MetricTransformations?.[0]?.MetricName === 'CredentialContained');
    expect(counted).toHaveLength(3);
    for (const filter of counted) expect(filter.FilterPattern).toContain(CONTAINMENT_MESSAGE);
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'CredentialContained')).toMatchObject([{ Namespace: 'AIM', Threshold: 1, AlarmActions: [{ Ref: topicId }] }]);
  });

  it('alarms when a rotation of the Cognito client secret fails, to the same topic', () => {
    const [topicId] = resources(dev, 'AWS::SNS::Topic')[0]!;
    const rotation = functionId(dev, 'aim-oidc-client-secret-rotation');
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: rotation } }]));
    expect(alarms).toMatchObject([{ Threshold: 1, AlarmActions: [{ Ref: topicId }] }]);
  });

  it('has one dashboard per stage', () => {
    devT.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    devT.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'AIM-dev' });
    prodT.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'AIM-prod' });
  });

  it('outputs the URLs, the table, the secret, the dashboard and the alarm topic', () => {
    for (const name of ['WebUrl', 'ApiUrl', 'TableName', 'AdminTokenSecretArn', 'DashboardName', 'AlarmTopicArn']) devT.hasOutput(name, {});
  });
});

describe('evidence uploads', () => {
  it('keep large files in a private, encrypted, TLS-only bucket that forgets them after a day and takes PUTs from the web origin only', () => {
    const [[bucketId, bucket]] = resources(dev, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('EvidenceUploadsBucket')) as [[string, any]];
    const props = bucket.Properties;
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.VersioningConfiguration).toBeUndefined();
    expect(props.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
    const [cors] = props.CorsConfiguration.CorsRules;
    expect(props.CorsConfiguration.CorsRules).toHaveLength(1);
    expect(cors.AllowedMethods).toEqual(['PUT']);
    expect(cors.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowedOrigins)).toMatch(/WebDistribution/);
    expect(props.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'evidence-uploads/' });
    // enforceSSL: a bucket policy denying every request without TLS.
    const [, policy] = resources(dev, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // The evidence function knows the bucket.
    expect(dev.template.Resources[functionId(dev, 'aim-evidence')]!.Properties.Environment.Variables.AIM_EVIDENCE_UPLOAD_BUCKET).toEqual({ Ref: bucketId });
  });

  it('the evidence function may put, get and delete under the upload prefix only; no other function touches the bucket', () => {
    const [[bucketId]] = resources(dev, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('EvidenceUploadsBucket')) as [[string, any]];
    const onBucket = (fn: string) => statementsOf(dev, functionId(dev, fn)).filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    const evidence = onBucket('aim-evidence');
    expect(evidence).toHaveLength(1);
    expect([evidence[0]!.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(evidence[0]!.Resource).toEqual({ 'Fn::Join': ['', [getAtt(bucketId), '/evidence-uploads/*']] });
    for (const fn of ['aim-api', 'aim-aggregate', 'aim-report']) expect(onBucket(fn), fn).toEqual([]);
    // No listing anywhere, and no S3 wildcard action.
    const actions = statementsOf(dev, functionId(dev, 'aim-evidence')).flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('s3:ListBucket');
    expect(actions.filter((a) => a.startsWith('s3:') && a.includes('*'))).toEqual([]);
  });
});
