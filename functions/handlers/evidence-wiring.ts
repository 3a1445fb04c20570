/**
 * The evidence function's wiring: services, the evidence import and upload services and the
 * Hono app. handlers/evidence.ts imports it on the first invocation (docs/cold-starts.md).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { loggerSink } from '../adapters/observability/log-sink';
import type { Observability } from '../adapters/observability/powertools';
import { appDeps, createServices, logLeakRevoker } from '../composition';
import { createEvidenceService, createEvidenceUploadService } from '../evidence-composition';
import { S3EvidenceUploads } from '../adapters/s3/evidence-upload-bucket';
import { loadConfig } from '../config';
import { createEvidenceApp } from '../http/app';
import { agentTokenSigner } from '../adapters/signing/agent-token-signer';

export function wireEvidence(obs: Observability) {
  const log = loggerSink(obs.logger);
  const config = loadConfig(process.env);
  // Agents' access tokens are accepted here too: verified with the public half of the api's KMS key (never signing here).
  const signer = agentTokenSigner(config, (client) => obs.tracer.captureAWSv3Client(client));
  const services = createServices(config, loadCatalogue(), { signer, instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });
  // A secret the logger masks is revoked too (docs/security.md, "Leaked secrets"); each invocation waits for those its lines found.
  const logLeaks = logLeakRevoker(services, log);
  obs.reportSecretsTo(logLeaks.accept);

  const evidence = createEvidenceService(services);
  // Large files wait in the upload bucket between their PUT and their import (docs/evidence.md, "Large files").
  const uploadBucket = config.AIM_EVIDENCE_UPLOAD_BUCKET
    ? S3EvidenceUploads.create({
        bucket: config.AIM_EVIDENCE_UPLOAD_BUCKET,
        region: config.AWS_REGION,
        instrument: (client) => obs.tracer.captureAWSv3Client(client),
      })
    : undefined;
  const app = handle(
    createEvidenceApp({ ...appDeps(services, config, log), evidence, evidenceUploads: createEvidenceUploadService(services, config, evidence, uploadBucket) }),
  );

  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
    const response = await app(event as unknown as LambdaEvent, context);
    // Lambda freezes the instance once the handler returns: revocations under way finish first.
    await logLeaks.idle();
    return response as APIGatewayProxyResultV2;
  };
}
