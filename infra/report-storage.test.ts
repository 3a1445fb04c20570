/**
 * Stored reports in AWS (infra/lib/report-storage.ts): an encrypted, private bucket, the
 * report function's alone (objects under the report prefix, and listing that prefix), and
 * the table's stream feeding the report function submissions only. Synthesized in process
 * without bundling, with the security checks on (synth throws on a cdk-nag finding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { REPORT_REFRESH_PATH, REPORT_ROUTE_PATH } from './lib/http-api';
import { addSecurityChecks } from './lib/security-checks';

type Resource = { Type: string; Properties?: any };
type Resources = Record<string, Resource>;

const outdir = mkdtempSync(join(tmpdir(), 'aim-report-storage-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function synth(): Resources {
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  addSecurityChecks(app);
  new AimStack(app, 'Aim-dev', { stage: 'dev' });
  return app.synth().getStackByName('Aim-dev').template.Resources;
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionOf = (resources: Resources, service: string) =>
  Object.entries(resources).find(([, r]) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!;
function statementsOf(resources: Resources, service: string): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const role = functionOf(resources, service)[1].Properties.Role['Fn::GetAtt'][0];
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

describe('the report storage', () => {
  const resources = synth();
  const [, reportFn] = functionOf(resources, 'aim-report');
  const bucketRef = reportFn.Properties.Environment.Variables.AIM_REPORT_BUCKET;
  const bucketId = bucketRef.Ref as string;
  const bucket = resources[bucketId]!;
  const mentionsBucket = (value: unknown) => JSON.stringify(value).includes(`"${bucketId}"`);

  it('is an encrypted, private, TLS-only bucket named to the report function only', () => {
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)![1];
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    for (const service of ['aim-api', 'aim-aggregate', 'aim-evidence']) {
      expect(functionOf(resources, service)[1].Properties.Environment.Variables.AIM_REPORT_BUCKET).toBeUndefined();
      expect(statementsOf(resources, service).filter((s) => mentionsBucket(s.Resource))).toEqual([]);
    }
  });

  it('lets the report function get and put objects under reports/ and list that prefix, nothing else of the bucket', () => {
    const onBucket = statementsOf(resources, 'aim-report').filter((s) => mentionsBucket(s.Resource));
    expect(onBucket).toHaveLength(2);
    const objects = onBucket.find((s) => [s.Action].flat().includes('s3:GetObject'))!;
    expect([objects.Action].flat().sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(objects.Resource)).toContain('/reports/*');
    const list = onBucket.find((s) => [s.Action].flat().includes('s3:ListBucket'))!;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['reports/*'] } });
  });

  it('feeds the report function the submissions of the table stream, with partial batch failures and a dead-letter queue', () => {
    const [reportId] = functionOf(resources, 'aim-report');
    const mappings = ofType(resources, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === reportId);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
    expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({ dynamodb: { NewImage: { type: { S: ['submission'] } } } });
    expect(mapping.BatchSize).toBeLessThanOrEqual(10);
  });

  it('routes the download and the refresh to the report function', () => {
    const routes = ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining([`GET ${REPORT_ROUTE_PATH}`, `POST ${REPORT_REFRESH_PATH}`]));
  });
});
