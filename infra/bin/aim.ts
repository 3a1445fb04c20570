#!/usr/bin/env node
import { App, Tags } from 'aws-cdk-lib';
import { AimStack } from '../lib/aim-stack';
import { addSecurityChecks } from '../lib/security-checks';
import { parseStage } from '../lib/stage';

const app = new App();
const stage = parseStage(app.node.tryGetContext('stage'));
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
const tableEncryption = app.node.tryGetContext('tableEncryption') as 'customer-managed' | 'aws-owned' | undefined;
if (tableEncryption !== undefined && tableEncryption !== 'customer-managed' && tableEncryption !== 'aws-owned') {
  throw new Error(`Unknown tableEncryption ${JSON.stringify(tableEncryption)}: expected customer-managed or aws-owned`);
}

// cdk-nag AwsSolutions checks: synth fails on any finding not suppressed with a reason.
addSecurityChecks(app);

// No `env`: the stack is environment-agnostic, so synth needs no AWS account or credentials.
const stack = new AimStack(app, `Aim-${stage}`, {
  stage,
  alarmEmail,
  tableEncryption,
  description: `AIM (Agent Identity Maturity), stage ${stage}`,
});
Tags.of(stack).add('app', 'aim');
Tags.of(stack).add('stage', stage);

app.synth();
