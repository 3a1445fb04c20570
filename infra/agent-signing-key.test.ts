/**
 * Rotation of agents' signing key (infra/lib/agent-signing-key.ts), synthesized in process
 * without bundling, with the security checks on (synth throws on an unacknowledged finding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { addSecurityChecks } from './lib/security-checks';

type Resource = { Type: string; Properties?: any };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function synth(context: Record<string, unknown> = {}): Record<string, Resource> {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-signing-key-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  addSecurityChecks(app);
  new AimStack(app, 'Aim-dev', { stage: 'dev' });
  return app.synth().getStackByName('Aim-dev').template.Resources;
}

let resources: Record<string, Resource>;
beforeAll(() => {
  resources = synth();
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionId = (service: string) =>
  Object.entries(resources).find(([, r]) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)![0];
const envOf = (service: string) => resources[functionId(service)]!.Properties.Environment.Variables;
function statementsOf(service: string): Statement[] {
  const role = resources[functionId(service)]!.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actions = (st: Statement) => [st.Action].flat();
const TAGGED_KEYS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':key/*']] };
const ONLY_TAGGED = { StringEquals: { 'aws:ResourceTag/aim:agent-signing-key': 'Aim-dev' } };

describe("agents' signing key rotation", () => {
  it('points at the stack key first and tells the api, the report and the evidence functions where the pointer is', () => {
    const [keyId] = ofType('AWS::KMS::Key').find(([, k]) => String(k.Properties.Description).includes('agents'))!;
    const [pointerId, pointer] = ofType('AWS::SecretsManager::Secret').find(([, s]) => /which KMS keys/.test(s.Properties.Description))!;
    const initial = JSON.stringify(pointer.Properties.SecretString);
    expect(initial).toContain(keyId);
    expect(initial).toContain('\\"previous\\":null');
    for (const service of ['aim-api', 'aim-report', 'aim-evidence', 'aim-agent-signing-key-rotation']) {
      expect(envOf(service).AIM_AGENT_SIGNING_KEY_POINTER_ARN).toEqual({ Ref: pointerId });
    }
    expect(envOf('aim-agent-signing-key-rotation').AIM_AGENT_SIGNING_KEY_TAG).toBe('Aim-dev');
    expect(envOf('aim-aggregate').AIM_AGENT_SIGNING_KEY_POINTER_ARN).toBeUndefined();
  });

  it('runs the rotation every 30 days by default, or as aim:agentSigningKeyRotationDays says', () => {
    const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => /signs agents/.test(r.Properties.Description))!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(30 days)');
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [functionId('aim-agent-signing-key-rotation'), 'Arn'] });
    expect(() => synth({ 'aim:agentSigningKeyRotationDays': 0 })).toThrow(/aim:agentSigningKeyRotationDays/);
  });

  it('lets the rotation create only tagged keys and delete only tagged keys; the api signs and the report and evidence functions read only tagged keys', () => {
    const rotation = statementsOf('aim-agent-signing-key-rotation');
    const create = rotation.find((st) => actions(st).includes('kms:CreateKey'))!;
    expect(create.Resource).toBe('*');
    expect(create.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/aim:agent-signing-key': 'Aim-dev' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['aim:agent-signing-key'] },
    });
    const deletion = rotation.find((st) => actions(st).includes('kms:ScheduleKeyDeletion'))!;
    expect(deletion).toMatchObject({ Resource: TAGGED_KEYS, Condition: ONLY_TAGGED });
    expect(rotation.flatMap(actions)).not.toContain('kms:Sign');

    const api = statementsOf('aim-api').filter((st) => JSON.stringify(st.Resource) === JSON.stringify(TAGGED_KEYS));
    expect(api).toEqual([expect.objectContaining({ Action: ['kms:GetPublicKey', 'kms:Sign'], Condition: ONLY_TAGGED })]);
    for (const verifier of ['aim-report', 'aim-evidence']) {
      const reads = statementsOf(verifier).filter((st) => JSON.stringify(st.Resource) === JSON.stringify(TAGGED_KEYS));
      expect(reads, verifier).toEqual([expect.objectContaining({ Action: 'kms:GetPublicKey', Condition: ONLY_TAGGED })]);
    }
    // Every statement that may sign or delete is conditioned on the tag, or names the stack's own key.
    for (const st of [...statementsOf('aim-api'), ...statementsOf('aim-report'), ...statementsOf('aim-evidence'), ...rotation]) {
      if (actions(st).some((a) => a === 'kms:Sign' || a === 'kms:ScheduleKeyDeletion') && typeof st.Resource !== 'object') throw new Error(JSON.stringify(st));
      if (JSON.stringify(st.Resource) === JSON.stringify(TAGGED_KEYS)) expect(st.Condition).toEqual(ONLY_TAGGED);
    }
  });
});
