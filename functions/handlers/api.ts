/** Lambda entry point of the JSON API (API Gateway HTTP API, payload v2). Wiring only. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { createObservability, httpHooks, loggerSink, observed } from '../adapters/observability';
import { lazyBootstrapAdmin } from '../adapters/secrets/bootstrap-admin';
import { secretsManagerReader } from '../adapters/secrets/secrets-manager';
import { appDeps, createServices } from '../composition';
import { loadConfig } from '../config';
import { createApiApp } from '../http/app';
import { kmsSigner } from '../adapters/signing/kms-signer';
import { KMSClient } from '@aws-sdk/client-kms';

const obs = createObservability('aim-api');
const log = loggerSink(obs.logger);
const config = loadConfig(process.env);
// Agents' access tokens are signed in KMS, by a key only this function may use (docs/security.md, "Agents").
const signer = config.AIM_AGENT_SIGNING_KEY_ARN
  ? kmsSigner(obs.tracer.captureAWSv3Client(new KMSClient({ region: config.AWS_REGION })), config.AIM_AGENT_SIGNING_KEY_ARN)
  : undefined;
const services = createServices(config, loadCatalogue(), { signer, instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });
const app = handle(createApiApp(appDeps(services, config, log)));

const secretId = config.AIM_ADMIN_TOKEN_SECRET_ARN;
const bootstrapAdmin = secretId
  ? lazyBootstrapAdmin({
      secrets: secretsManagerReader({ region: config.AWS_REGION, instrument: (client) => obs.tracer.captureAWSv3Client(client) }),
      secretId,
      ensureBootstrapAdmin: (secret) => services.tokens.ensureBootstrapAdmin(secret),
      log,
    })
  : async () => {};

export const handler = observed(
  obs,
  'api',
  async (event: APIGatewayProxyEventV2, context: Context) => {
    await bootstrapAdmin();
    return app(event as unknown as LambdaEvent, context);
  },
  httpHooks(),
);
