/** Lambda entry point of the PDF report route. Wiring only; react-pdf lives in this bundle alone. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { createObservability, httpHooks, loggerSink, observed } from '../adapters/observability';
import { renderReportPdf } from '../adapters/pdf';
import { appDeps, createServices, logLeakRevoker } from '../composition';
import { loadConfig } from '../config';
import { createReportApp } from '../http/app';
import { agentTokenSigner } from '../adapters/signing/agent-token-signer';

const obs = createObservability('aim-report');
const log = loggerSink(obs.logger);
const config = loadConfig(process.env);
// Agents' access tokens are accepted on the PDF route too: verified with the public half of the api's KMS key (never signing here).
const signer = agentTokenSigner(config, (client) => obs.tracer.captureAWSv3Client(client));
const services = createServices(config, loadCatalogue(), { signer, instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });
// A secret the logger masks is revoked too (docs/security.md, "Leaked secrets"); each invocation waits for those its lines found.
const logLeaks = logLeakRevoker(services, log);
obs.reportSecretsTo(logLeaks.accept);
// The CDK bundle copies the TTF files into fonts/ next to this handler; from source,
// the renderer finds them in the npm package.
const bundledFonts = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
const fontDir = existsSync(bundledFonts) ? bundledFonts : undefined;
const renderer = { render: (model: Parameters<typeof renderReportPdf>[0]) => renderReportPdf(model, { fontDir }) };

const app = handle(createReportApp({ ...appDeps(services, config, log), renderer }));

export const handler = observed(
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
