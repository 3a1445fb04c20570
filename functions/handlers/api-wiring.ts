/**
 * The api function's wiring: configuration, services, the Hono app and the secrets read at
 * first use. handlers/api.ts imports this module dynamically on the first invocation, so
 * that none of it (zod schemas, route tables, the questionnaire catalogue, SDK clients) is
 * built while the module initialises (docs/cold-starts.md).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { loggerSink } from '../adapters/observability/log-sink';
import type { Observability } from '../adapters/observability/powertools';
import { lazyBootstrapAdmin } from '../adapters/secrets/bootstrap-admin';
import { lazyOidcClientSecret } from '../adapters/secrets/oidc-client-secret';
import { secretsManagerReader } from '../adapters/secrets/secrets-manager';
import { appDeps, createServices, logLeakRevoker } from '../composition';
import { loadConfig } from '../config';
import { createApiApp } from '../http/app';
import { agentTokenSigner } from '../adapters/signing/agent-token-signer';

export function wireApi(obs: Observability) {
  const log = loggerSink(obs.logger);
  const config = loadConfig(process.env);
  // Agents' access tokens are signed in KMS, by a key only this function may use (docs/security.md, "Agents").
  const signer = agentTokenSigner(config, (client) => obs.tracer.captureAWSv3Client(client));
  const services = createServices(config, loadCatalogue(), { signer, instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });
  const app = handle(createApiApp(appDeps(services, config, log)));
  // A secret the logger masks is revoked too (docs/security.md, "Leaked secrets"); each invocation waits for those its lines found.
  const logLeaks = logLeakRevoker(services, log);
  obs.reportSecretsTo(logLeaks.accept);

  const secrets = secretsManagerReader({ region: config.AWS_REGION, instrument: (client) => obs.tracer.captureAWSv3Client(client) });
  const secretId = config.AIM_ADMIN_TOKEN_SECRET_ARN;
  const bootstrapAdmin = secretId
    ? lazyBootstrapAdmin({
        secrets,
        secretId,
        ensureBootstrapAdmin: (secret) => services.tokens.ensureBootstrapAdmin(secret),
        log,
      })
    : async () => {};
  // People's sign-in: the relying party reads the client secret at its first use (composition.ts).
  const oidcSecretId = config.AIM_OIDC_CLIENT_SECRET_ARN;
  const oidcClientSecret = oidcSecretId
    ? lazyOidcClientSecret({
        secrets,
        secretId: oidcSecretId,
        apply: (secret) => {
          config.AIM_OIDC_CLIENT_SECRET = secret;
        },
        log,
      })
    : async () => {};

  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
    await Promise.all([bootstrapAdmin(), oidcClientSecret()]);
    const response = await app(event as unknown as LambdaEvent, context);
    // Lambda freezes the instance once the handler returns: revocations under way finish first.
    await logLeaks.idle();
    return response as APIGatewayProxyResultV2;
  };
}
