/**
 * Lambda entry point of the PDF report routes and of the reports rendered on submission
 * (DynamoDB Streams batches, issue 21). Wiring only; react-pdf lives in this bundle alone
 * and is loaded at the first render: serving a stored report never initialises it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { renderSubmittedReports } from '../adapters/dynamodb/report-stream';
import { createObservability, httpHooks, loggerSink, observed, streamHooks } from '../adapters/observability';
import type { ReportModel } from '../core/report-model';
import { S3ReportFiles } from '../adapters/s3/report-bucket';
import { appDeps, createServices, logLeakRevoker } from '../composition';
import { loadConfig } from '../config';
import { createReportApp } from '../http/app';
import { agentTokenSigner } from '../adapters/signing/agent-token-signer';

const obs = createObservability('aim-report');
const log = loggerSink(obs.logger);
const config = loadConfig(process.env);
// Agents' access tokens are accepted on the PDF route too: verified with the public half of the api's KMS key (never signing here).
const signer = agentTokenSigner(config, (client) => obs.tracer.captureAWSv3Client(client));
// Rendered reports are stored in the report bucket (infra/lib/report-storage.ts); without one (tests), every download renders.
const reportFiles = config.AIM_REPORT_BUCKET ? S3ReportFiles.create({ bucket: config.AIM_REPORT_BUCKET, region: config.AWS_REGION }) : undefined;
const services = createServices(config, loadCatalogue(), {
  signer,
  instrumentClient: (client) => obs.tracer.captureAWSv3Client(client),
  ...(reportFiles ? { reportFiles } : {}),
});
// A secret the logger masks is revoked too (docs/security.md, "Leaked secrets"); each invocation waits for those its lines found.
const logLeaks = logLeakRevoker(services, log);
obs.reportSecretsTo(logLeaks.accept);
// The CDK bundle copies the TTF files into fonts/ next to this handler; from source,
// the renderer finds them in the npm package.
const bundledFonts = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
const fontDir = existsSync(bundledFonts) ? bundledFonts : undefined;
const renderer = { render: async (model: ReportModel) => (await import('../adapters/pdf')).renderReportPdf(model, { fontDir }) };

const app = handle(createReportApp({ ...appDeps(services, config, log), renderer }));

const http = observed(
  obs,
  'report',
  async (event: APIGatewayProxyEventV2, context: Context) => {
    const response = await app(event as unknown as LambdaEvent, context);
    // Lambda freezes the instance once the handler returns: revocations under way finish first.
    await logLeaks.idle();
    return response;
  },
  httpHooks(),
);

// Submissions off the DynamoDB stream: each report rendered and stored once; failed records are delivered again.
const stream = observed(
  obs,
  'report-on-submit',
  async (event: DynamoDBStreamEvent) => {
    const response = await renderSubmittedReports(
      event.Records,
      (organisationId, assessmentId) => services.reports.renderSubmitted(organisationId, assessmentId, renderer),
      log,
    );
    await logLeaks.idle();
    return response;
  },
  streamHooks(),
);

const isStreamEvent = (event: unknown): event is DynamoDBStreamEvent => Array.isArray((event as { Records?: unknown }).Records);

export const handler = (event: APIGatewayProxyEventV2 | DynamoDBStreamEvent, context: Context) =>
  isStreamEvent(event) ? stream(event, context) : http(event, context);
