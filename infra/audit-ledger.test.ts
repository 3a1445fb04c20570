/**
 * The audit ledger in AWS (infra/lib/audit-ledger.ts): an Object Lock bucket in compliance
 * mode, its own function fed only inserted audit events, and grants no wider than the
 * ledger prefix. Synthesized in process without bundling, with the security checks on
 * (synth throws on a cdk-nag finding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { AimStack } from './lib/aim-stack';
import { RECORD_RETENTION_CONTEXT, RETENTION_CONTEXT } from './lib/audit-ledger';
import { cdkJsonContext } from './lib/cdk-json';
import { addSecurityChecks } from './lib/security-checks';

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string };
type Resources = Record<string, Resource>;

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function synth(context: Record<string, unknown> = {}): Resources {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-audit-ledger-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  addSecurityChecks(app);
  new AimStack(app, 'Aim-dev', { stage: 'dev' });
  // synth() runs cdk-nag and throws on any finding not acknowledged.
  return app.synth().getStackByName('Aim-dev').template.Resources;
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionOf = (resources: Resources, service: string) =>
  Object.entries(resources).find(([, r]) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!;
const ledgerBucket = (resources: Resources) => ofType(resources, 'AWS::S3::Bucket').find(([, b]) => b.Properties?.ObjectLockEnabled)!;
/** Every IAM statement of a function's role. */
function statementsOf(resources: Resources, service: string): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const role = functionOf(resources, service)[1].Properties.Role['Fn::GetAtt'][0];
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const s3Statements = (resources: Resources, service: string) =>
  statementsOf(resources, service).filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));

describe('the audit ledger stack', () => {
  const resources = synth();
  const [bucketId, bucket] = ledgerBucket(resources);

  it('keeps segments in a versioned, encrypted, private bucket locked in compliance mode for 400 days by default', () => {
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.LoggingConfiguration.LogFilePrefix).toBe('audit-ledger/');
    expect(bucket.DeletionPolicy).toBe('Retain');
    const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))!;
    expect(JSON.stringify(policy[1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('takes the retention from context', () => {
    const [, longer] = ledgerBucket(synth({ [RETENTION_CONTEXT]: '2555' }));
    expect(longer.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 2555 });
    expect(() => synth({ [RETENTION_CONTEXT]: 'forever' })).toThrow(RETENTION_CONTEXT);
  });

  it("gives the functions that write audit events the records' retention, a year at least and never longer than the ledger's", () => {
    for (const service of ['aim-api', 'aim-report', 'aim-evidence', 'aim-aggregate'])
      expect(functionOf(resources, service)[1].Properties.Environment.Variables.AIM_AUDIT_RETENTION_DAYS).toBe('400');
    expect(functionOf(resources, 'aim-audit-ledger')[1].Properties.Environment.Variables.AIM_AUDIT_RETENTION_DAYS).toBeUndefined();
    const longer = synth({ [RETENTION_CONTEXT]: '2555', [RECORD_RETENTION_CONTEXT]: '730' });
    expect(functionOf(longer, 'aim-api')[1].Properties.Environment.Variables.AIM_AUDIT_RETENTION_DAYS).toBe('730');
    expect(() => synth({ [RECORD_RETENTION_CONTEXT]: '364' })).toThrow(RECORD_RETENTION_CONTEXT);
    expect(() => synth({ [RECORD_RETENTION_CONTEXT]: '500' })).toThrow(/may not exceed aim:auditLedgerRetentionDays/);
  });

  it('feeds its function only inserted audit events from the table stream, failures parked in a queue', () => {
    const [ledgerFnId, ledgerFn] = functionOf(resources, 'aim-audit-ledger');
    expect(ledgerFn.Properties.Environment.Variables.AIM_AUDIT_LEDGER_BUCKET).toEqual({ Ref: bucketId });
    const mapping = ofType(resources, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: ledgerFnId }),
    )!;
    expect(mapping[1].Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(mapping[1].Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    expect(mapping[1].Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { SK: { S: [{ prefix: 'AUDIT#' }] } } } },
    ]);
  });

  it('lets the ledger function create and read segments under the prefix only, and no table data', () => {
    const ledgerS3 = s3Statements(resources, 'aim-audit-ledger');
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/ledger/*']] };
    expect(ledgerS3).toContainEqual(expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject'], Resource: objects }));
    expect(ledgerS3).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['ledger/*'] } },
      }),
    );
    expect(ledgerS3).toHaveLength(2);
    // No delete, no retention or lock changes, no wildcard S3 action anywhere.
    const actions = ledgerS3.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => /Delete|Retention|LegalHold|Lock|\*/.test(a))).toEqual([]);
    const tableActions = statementsOf(resources, 'aim-audit-ledger')
      .flatMap((st) => [st.Action].flat())
      .filter((a) => a.startsWith('dynamodb:'));
    expect(tableActions.filter((a) => !/Stream|DescribeStream|GetRecords|GetShardIterator/.test(a))).toEqual([]);
  });

  it("alarms on failed invocations of its function, to the stack's alarm topic", () => {
    const [ledgerFnId] = functionOf(resources, 'aim-audit-ledger');
    const [topicId] = ofType(resources, 'AWS::SNS::Topic')[0]!;
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) =>
        a.Properties.MetricName === 'Errors' &&
        JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: ledgerFnId } }]),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]![1].Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    // Batches that gave up after their retries land in the ledger's own dead-letter queue: alarmed too.
    const [queueId] = ofType(resources, 'AWS::SQS::Queue').find(([id]) => id.startsWith('AuditLedgerDeadLetterQueue')) ?? [];
    expect(queueId).toBeDefined();
    const deadLetters = ofType(resources, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Properties.Dimensions).includes(String(queueId)),
    );
    expect(deadLetters.map(([, a]) => a.Properties)).toMatchObject([{ Threshold: 1, AlarmActions: [{ Ref: topicId }] }]);
  });

  it('lets the api read the ledger for the integrity check, never write it', () => {
    const apiS3 = s3Statements(resources, 'aim-api');
    expect(apiS3.flatMap((st) => [st.Action].flat()).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(functionOf(resources, 'aim-api')[1].Properties.Environment.Variables.AIM_AUDIT_LEDGER_BUCKET).toEqual({ Ref: bucketId });
    for (const service of ['aim-aggregate', 'aim-report', 'aim-evidence']) expect(JSON.stringify(statementsOf(resources, service))).not.toContain(bucketId);
  });
});
