import { Duration, Stack, Validations, aws_iam as iam, type aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UPLOAD_PREFIX } from '../../functions/services/evidence-uploads';
import type { StageSettings } from './stage';

export interface EvidenceUploadsProps {
  readonly settings: StageSettings;
  /** The evidence function: it signs the upload URLs, reads the files and deletes them. */
  readonly fn: lambda.Function;
  /** The web app's origin: the only one whose browser PUTs S3 accepts (CORS). */
  readonly webOrigin: string;
  /** Where S3 server access logs go (the stack's log bucket). */
  readonly accessLogs: s3.IBucket;
}

/**
 * Large evidence files (issue 20, docs/evidence.md, "Large files"): the bucket they are PUT
 * to through a pre-signed URL before their import. Encrypted (S3-managed keys, and every
 * upload signs the encryption header), private, TLS only, unversioned (a deleted file is
 * gone), and whatever an import never took expires after a day. The evidence function may
 * put (which is what signing a PUT URL needs), get and delete objects under the upload
 * prefix, and nothing else: no listing, no other bucket.
 */
export class EvidenceUploads extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceUploadsProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ id: 'expire-unimported-uploads', expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: [props.webOrigin],
          allowedHeaders: ['content-type', 'x-amz-server-side-encryption'],
          maxAge: 600,
        },
      ],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'evidence-uploads/',
      // Files live a day at most: nothing in the bucket is worth keeping past the stack (dev empties it on deletion).
      removalPolicy: props.settings.removalPolicy,
      autoDeleteObjects: props.settings.stage === 'dev',
    });

    const uploads = this.bucket.arnForObjects(`${UPLOAD_PREFIX}*`);
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: [uploads] }));
    props.fn.addEnvironment('AIM_EVIDENCE_UPLOAD_BUCKET', this.bucket.bucketName);

    const prefixWildcard = `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${UPLOAD_PREFIX}*]`;
    Validations.of(props.fn.role!).acknowledge({
      id: prefixWildcard,
      reason: `Uploads are objects under ${UPLOAD_PREFIX}<organisation>/<assessment>/<upload>, one per prepared upload: the grant covers that prefix of the upload bucket only (put to sign the upload URL, get to import, delete after).`,
    });
  }
}
