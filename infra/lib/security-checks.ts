import { Stack, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { AimStack } from './aim-stack';

/** cdk-nag's AWS Solutions rules run on every synth: findings not acknowledged below fail it. */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Acknowledges one finding on a construct (and its children). cdk-nag 3 ids name the exact
 * wildcard, e.g. `AwsSolutions-IAM5[Resource::*]`, so a new wildcard still fails the synth.
 */
function accept(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The findings AIM accepts, each with the reason a reviewer reads in the validation report. */
export function suppressAcceptedFindings(stack: AimStack): void {
  for (const fn of [stack.apiFunction, stack.aggregateFunction, stack.reportFunction, stack.evidenceFunction]) {
    accept(
      fn.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so AWS requires Resource "*" for them (CDK Tracing.ACTIVE). ' +
        (fn === stack.aggregateFunction || fn === stack.reportFunction
          ? "Also dynamodb:ListStreams, which lists the account's streams and likewise has no resource-level permissions (DynamoDB event source grant); reading records (GetRecords, GetShardIterator, DescribeStream) stays scoped to this table's stream."
          : ''),
    );
  }

  // Read-write grants on a customer-managed key: CDK adds these two action families.
  if (stack.tableKey) {
    for (const fn of [stack.apiFunction, stack.aggregateFunction, stack.reportFunction, stack.evidenceFunction]) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        accept(
          fn.role!,
          `AwsSolutions-IAM5[Action::${action}]`,
          `CDK's table read-write grant on the customer-managed key: the wildcard covers only the variants of ${action.slice(0, -1)}, and the statement's resource is the table's own key.`,
        );
      }
    }
  }

  accept(
    stack.endpoint.httpApi,
    'AwsSolutions-APIG4',
    "Authorization is the application's own: every /v1 route except registration and the public questionnaire reads requires a bearer token checked against its SHA-256 hash in DynamoDB (functions/http/context.ts); an API Gateway authorizer would repeat that lookup per request.",
  );

  accept(
    stack.aggregation.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue (on-failure destination) of the stream event source mapping.',
  );

  accept(
    stack.adminSecret,
    'AwsSolutions-SMG4',
    'The bootstrap admin token is a break-glass credential rotated on purpose by an operator (docs/deploy.md: put a new value; the api revokes the old token on its next cold start). Automatic rotation would need a rotation Lambda and would invalidate the token without telling its holder.',
  );

  accept(
    stack.originVerifySecret,
    'AwsSolutions-SMG4',
    'The origin-verify value only tells requests that came through CloudFront from others (docs/deploy.md, "Client addresses"); CloudFront and the api read it at deployment, so a rotation takes effect with the next deployment, and automatic rotation would break the two apart until then.',
  );

  accept(stack.web.logBucket, 'AwsSolutions-S1', 'This is the access-log bucket (S3 and CloudFront logs); logging it into itself would loop.');
  const distribution = stack.web.distribution;
  accept(distribution, 'AwsSolutions-CFR1', 'AIM serves organisations in every region (the questionnaire asks for it); no country is blocked.');
  accept(
    distribution,
    'AwsSolutions-CFR2',
    "No AWS WAF web ACL by default: the HTTP API throttles per stage and the app slows repeated failed authentication, and a web ACL has a fixed monthly cost (docs/deploy.md). Attach one (the distribution's webAclId) for internet-scale exposure.",
  );
  accept(
    distribution,
    'AwsSolutions-CFR4',
    'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; TLSv1.2_2021 takes effect once a custom domain and ACM certificate are added.',
  );

  // CDK's own singleton Lambdas: the web deployment (BucketDeployment) and, in dev, the bucket emptier.
  const webBucket = stack.getLogicalId(stack.web.bucket.node.defaultChild as CfnElement);
  const deploymentWildcards: Record<string, string> = {
    'Action::s3:GetBucket*': 'reads bucket metadata (location, versioning) of the asset and web buckets',
    'Action::s3:GetObject*': 'reads the web assets (objects and their versions/ACL metadata) from the CDK asset bucket',
    'Action::s3:List*': 'lists the asset and web buckets to sync them',
    'Action::s3:DeleteObject*': 'removes web files that are no longer part of the build (prune)',
    'Action::s3:Abort*': 'aborts its own failed multipart uploads',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*':
      'objects of the CDK bootstrap asset bucket, where `cdk deploy` uploads the zipped web build',
    [`Resource::<${webBucket}.Arn>/*`]: 'objects of the web bucket it deploys into, and no other bucket',
    'Resource::*': 'cloudfront:CreateInvalidation/GetInvalidation have no resource-level permissions',
  };
  for (const child of Stack.of(stack).node.children) {
    if (/^Custom::CDKBucketDeployment/.test(child.node.id)) {
      for (const [finding, why] of Object.entries(deploymentWildcards)) {
        accept(child, `AwsSolutions-IAM5[${finding}]`, `CDK BucketDeployment (web app upload, runs only during deployments): ${why}.`);
      }
    }
    if (!/^Custom::CDKBucketDeployment|^Custom::S3AutoDeleteObjectsCustomResourceProvider/.test(child.node.id)) continue;
    accept(
      child,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed deployment helper (BucketDeployment, auto-delete objects): the managed policy only lets it write its own logs; it runs during deployments only.',
    );
    accept(child, 'AwsSolutions-L1', 'CDK-managed deployment helper; its runtime is chosen and updated with the aws-cdk-lib version.');
  }
}
