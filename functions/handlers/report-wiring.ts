/**
 * The report function's wiring: configuration, catalogue, services, the report bucket and the
 * Hono app. handlers/report.ts imports it on the first invocation (docs/cold-starts.md), and
 * react-pdf only at the first render: serving a stored report never initialises it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { renderSubmittedReports } from '../adapters/dynamodb/report-stream';
import { loggerSink } from '../adapters/observability/log-sink';
import type { Observability } from '../adapters/observability/powertools';
import { S3ReportFiles } from '../adapters/s3/report-bucket';
import { agentTokenSigner } from '../adapters/signing/agent-token-signer';
import { appDeps, createServices, logLeakRevoker } from '../composition';
import { loadConfig } from '../config';
import type { ReportModel } from '../core/report-model';
import { createReportApp } from '../http/app';

export function wireReport(obs: Observability) {
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
  // The CDK bundle copies the TTF files into fonts/ next to the handler (this module is inside
  // the same index.mjs); from source, the renderer finds them in the npm package.
  const bundledFonts = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
  const fontDir = existsSync(bundledFonts) ? bundledFonts : undefined;
  // A dynamic import: react-pdf and the PDF adapter are evaluated at the first render only.
  const renderer = { render: async (model: ReportModel) => (await import('../adapters/pdf')).renderReportPdf(model, { fontDir }) };
  const app = handle(createReportApp({ ...appDeps(services, config, log), renderer }));

  const http = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
    const response = await app(event as unknown as LambdaEvent, context);
    // Lambda freezes the instance once the handler returns: revocations under way finish first.
    await logLeaks.idle();
    return response as APIGatewayProxyResultV2;
  };
  // Submissions off the DynamoDB stream: each report rendered and stored once; failed records are delivered again.
  const stream = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const response = await renderSubmittedReports(
      event.Records,
      (organisationId, assessmentId) => services.reports.renderSubmitted(organisationId, assessmentId, renderer),
      log,
    );
    await logLeaks.idle();
    return response;
  };
  return { http, stream };
}
