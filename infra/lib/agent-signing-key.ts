import {
  Duration,
  Stack,
  Validations,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  type aws_kms as kms,
  aws_secretsmanager as secretsmanager,
  SecretValue,
} from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import { z } from 'zod';
import { SIGNING_KEY_TAG } from '../../functions/core/access/signing-key-rotation';
import { AimFunction } from './aim-function';
import type { StageSettings } from './stage';

/*
 * Rotation of agents' token-signing key (docs/security.md, "Signing key"). KMS rotates no
 * asymmetric key, so a scheduled function creates a new one, tagged as this stack's, and a
 * pointer (a Secrets Manager secret: the functions already use its client) names the current
 * and previous keys. The stack's own key is the first current one; only tagged keys are ever
 * used by ARN pattern or scheduled for deletion.
 */

export const ROTATION_DAYS_CONTEXT = 'aim:agentSigningKeyRotationDays';
export const RotationDaysSchema = z.coerce.number().int().min(1).max(365).default(30);

/** The rotation period from context `aim:agentSigningKeyRotationDays` (a number, or its text from --context). */
export function agentSigningKeyRotationDays(scope: IConstruct): number {
  const value: unknown = scope.node.tryGetContext(ROTATION_DAYS_CONTEXT);
  const parsed = RotationDaysSchema.safeParse(value === '' || value === null ? undefined : value);
  if (!parsed.success) throw new Error(`Context ${ROTATION_DAYS_CONTEXT} is invalid (docs/deploy.md):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function accept(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export interface AgentSigningKeyRotationProps {
  readonly settings: StageSettings;
  /** The key the stack creates: the first current key, never deleted by the rotation. */
  readonly initialKey: kms.IKey;
  /** Signs with the current key and publishes both. */
  readonly signer: IFunction;
  /** Verify only (the PDF and evidence routes). */
  readonly verifiers: readonly IFunction[];
  readonly rotationDays: number;
}

export class AgentSigningKeyRotation extends Construct {
  readonly pointer: secretsmanager.Secret;
  readonly rotationFunction: AimFunction['fn'];
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: AgentSigningKeyRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const tagValue = stack.stackName;
    const taggedKeys = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    const onlyTagged = { StringEquals: { [`aws:ResourceTag/${SIGNING_KEY_TAG}`]: tagValue } };

    // Not a credential: the ARNs of the keys, rewritten by the rotation function alone.
    this.pointer = new secretsmanager.Secret(this, 'Pointer', {
      description: "AIM: which KMS keys sign agents' access tokens (current, previous)",
      secretStringValue: SecretValue.unsafePlainText(stack.toJsonString({ current: props.initialKey.keyArn, previous: null, rotatedAt: null })),
      removalPolicy: props.settings.removalPolicy,
    });

    this.rotationFunction = new AimFunction(this, 'Rotation', {
      settings: props.settings,
      entry: 'functions/handlers/agent-signing-key-rotation.ts',
      description: "Rotates the KMS key that signs agents' access tokens",
      serviceName: 'aim-agent-signing-key-rotation',
      timeout: Duration.seconds(30),
      environment: {
        AIM_AGENT_SIGNING_KEY_POINTER_ARN: this.pointer.secretArn,
        AIM_AGENT_SIGNING_KEY_ARN: props.initialKey.keyArn,
        AIM_AGENT_SIGNING_KEY_TAG: tagValue,
      },
    }).fn;
    this.pointer.grantRead(this.rotationFunction);
    this.pointer.grantWrite(this.rotationFunction);
    // CreateKey names no key yet: allowed only with this stack's tag (and no other tag).
    this.rotationFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:CreateKey', 'kms:TagResource'],
        resources: ['*'],
        conditions: {
          StringEquals: { [`aws:RequestTag/${SIGNING_KEY_TAG}`]: tagValue },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [SIGNING_KEY_TAG] },
        },
      }),
    );
    this.rotationFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:ScheduleKeyDeletion'], resources: [taggedKeys], conditions: onlyTagged }));

    // The api signs with, and the report and evidence functions read, rotated keys: this stack's tag only.
    props.signer.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [taggedKeys], conditions: onlyTagged }));
    for (const fn of props.verifiers)
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [taggedKeys], conditions: onlyTagged }));
    for (const fn of [props.signer, ...props.verifiers]) {
      this.pointer.grantRead(fn);
      (fn as AimFunction['fn']).addEnvironment('AIM_AGENT_SIGNING_KEY_POINTER_ARN', this.pointer.secretArn);
      accept(
        fn.role!,
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
        "Rotated signing keys are created after deployment, so their ARNs are unknown here: the statement allows only keys tagged aim:agent-signing-key with this stack's name (aws:ResourceTag condition).",
      );
    }

    this.schedule = new events.Rule(this, 'Schedule', {
      description: "Rotates the KMS key that signs agents' access tokens",
      schedule: events.Schedule.rate(Duration.days(props.rotationDays)),
      targets: [new targets.LambdaFunction(this.rotationFunction, { retryAttempts: 2 })],
    });

    accept(
      this.rotationFunction.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'kms:CreateKey (and tagging the key it creates) has no resource: the statement requires the request to carry exactly the tag aim:agent-signing-key with this stack name. Also X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords), which has no resource-level permissions.',
    );
    accept(
      this.rotationFunction.role!,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      "kms:ScheduleKeyDeletion on keys this function created: their ARNs are unknown at deployment, so the statement allows only keys tagged aim:agent-signing-key with this stack's name (aws:ResourceTag condition); the stack's own key has no such tag.",
    );
    accept(
      this.pointer,
      'AwsSolutions-SMG4',
      'Not a credential: the secret holds the ARNs of the signing keys, and the rotation function rewrites it on its own schedule (the keys themselves rotate).',
    );
  }
}
