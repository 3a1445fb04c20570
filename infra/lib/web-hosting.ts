import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, aws_cloudfront as cloudfront, aws_s3 as s3, aws_s3_deployment as s3deploy } from 'aws-cdk-lib';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { REPO_ROOT } from './aim-function';
import type { StageSettings } from './stage';

/** The built single-page app (`npm run build:web`). */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

/** The same policy the Hono app sends (functions/http/app.ts), so the SPA behaves alike locally and in AWS. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export interface WebHostingProps {
  readonly settings: StageSettings;
  /** Host name of the HTTP API; CloudFront serves `/v1/*` from it so the SPA stays same-origin. */
  readonly apiDomainName: string;
  /** Directory of the built web app (default web/dist). */
  readonly webDist?: string;
  /**
   * Added by CloudFront to every request it sends to the API, so that the API can tell
   * them from requests that bypassed CloudFront and believe only theirs
   * `CloudFront-Viewer-Address` (functions/http/rate-limit.ts, resolveClientAddress).
   */
  readonly originVerify?: { header: string; value: string };
}

/**
 * The web app: a private S3 bucket read only by CloudFront (origin access control), HTTPS only,
 * security headers on every response; `/v1/*` goes to the HTTP API uncached, so the app's
 * relative `/v1/...` calls work as they do on `npm start`. Access logs of the bucket and the
 * distribution go to a log bucket.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { settings } = props;
    const webDist = props.webDist ?? WEB_DIST;
    if (!existsSync(join(webDist, 'index.html'))) {
      throw new Error(`The web app is not built: ${join(webDist, 'index.html')} is missing. Run \`npm run build:web\` first.`);
    }
    const dev = settings.stage === 'dev';

    this.logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs: the bucket owner must be able to own them.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: settings.removalPolicy,
      autoDeleteObjects: dev,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: !dev,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: settings.removalPolicy,
      autoDeleteObjects: dev,
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `AIM ${settings.stage}: security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: new HttpOrigin(props.apiDomainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        ...(props.originVerify ? { customHeaders: { [props.originVerify.header]: props.originVerify.value } } : {}),
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Never cache API answers; with caching off, this policy forwards Authorization too.
      // It also forwards the CloudFront headers, CloudFront-Viewer-Address among them: the
      // real client address that the API's per-client limits key on (docs/deploy.md).
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `AIM ${settings.stage}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
      },
      additionalBehaviors: {
        // The API, and the web app's sign-in (its callback sets the session cookie on this origin).
        '/v1/*': apiBehavior,
        '/auth/*': apiBehavior,
      },
    });

    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.asset(webDist)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
      memoryLimit: 256,
    });
  }

  /** The web app's origin, e.g. https://d111111abcdef8.cloudfront.net (allowed by the API's CORS). */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
