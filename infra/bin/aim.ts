#!/usr/bin/env node
import { App, Tags } from 'aws-cdk-lib';
import { AimStack } from '../lib/aim-stack';
import { parseStage } from '../lib/stage';

const app = new App();
const stage = parseStage(app.node.tryGetContext('stage'));

// No `env`: the stack is environment-agnostic, so synth needs no AWS account or credentials.
const stack = new AimStack(app, `Aim-${stage}`, {
  stage,
  description: `AIM (Agent Identity Maturity) backend, stage ${stage}`,
});
Tags.of(stack).add('app', 'aim');
Tags.of(stack).add('stage', stage);

app.synth();
