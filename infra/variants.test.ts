/**
 * What the props and the security checks do, synthesized in process without bundling
 * (the assets are the same as in aim-stack.test.ts; only the template matters here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, expect, it } from 'vitest';
import { AimStack, type AimStackProps } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { addSecurityChecks } from './lib/security-checks';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function app(): App {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-variant-'));
  outdirs.push(outdir);
  const created = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  addSecurityChecks(created);
  return created;
}

function stack(props: Partial<AimStackProps> = {}) {
  const scope = app();
  return { scope, stack: new AimStack(scope, 'Aim-dev', { stage: 'dev', ...props }) };
}

it('uses the AWS-owned key when asked, still passing the security checks', () => {
  const { scope } = stack({ tableEncryption: 'aws-owned', alarmEmail: 'ops@example.com' });
  // synth() runs the cdk-nag plugin and throws on unacknowledged findings.
  const template = Template.fromJSON(scope.synth().getStackByName('Aim-dev').template);
  const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
  expect(table?.Properties.SSESpecification).toEqual({ SSEEnabled: false }); // DynamoDB's AWS owned key
  // No key encrypts the table: only the alarm topic's remains, beside the (signing) key of agents' tokens.
  expect(Object.values(template.findResources('AWS::KMS::Key')).map((k) => k.Properties.Description)).toEqual([
    expect.stringContaining("agents' access tokens"),
    expect.stringContaining('alarm topic'),
  ]);
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
});

it('fails the synth on a finding nobody acknowledged', () => {
  const { scope, stack: aim } = stack();
  new sqs.Queue(aim, 'Careless', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  expect(() => scope.synth()).toThrow(/AwsSolutions-SQS[0-9]/);
});

it('says how to build the web app when web/dist is missing', () => {
  expect(() => stack({ webDist: join(tmpdir(), 'no-such-web-dist') })).toThrow(/npm run build:web/);
});
