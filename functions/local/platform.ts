/**
 * The whole platform on one machine: DynamoDB Local (unless an endpoint is given), the
 * table, the bootstrap admin token, the stream poller feeding the aggregate handler,
 * and one HTTP server for the API, the PDF report, the evidence imports and the web app.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { auditEventsFromRecords, batchResponse, submissionsFromRecords } from '../adapters/dynamodb/stream-records';
import { DirectoryAuditLedger } from '../adapters/files/audit-ledger-directory';
import { ensureTable } from '../adapters/dynamodb/table';
import { renderSubmittedReports } from '../adapters/dynamodb/report-stream';
import { DirectoryReportFiles } from '../adapters/files/report-directory';
import type { ReportRenderer } from '../services/reports';
import { appDeps, createServices, randomIds, signInAddresses } from '../composition';
import { loadConfig, type Config } from '../config';
import { createApiApp, createEvidenceApp, createReportApp, sendProblem } from '../http/app';
import { createEvidenceService, createEvidenceUploadService } from '../evidence-composition';
import { DirectoryEvidenceUploads } from '../adapters/files/evidence-upload-directory';
import { registerLocalUploadRoute } from './evidence-upload-route';
import { problem } from '../http/problems';
import type { RandomSource } from '../core/privacy/random-source';
import { foldSubmissions } from '../services/aggregation';
import type { Clock } from '../services/ports';
import { fileSigner, memorySigner } from '../adapters/signing/local-signer';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startLocalIdentityProvider, type LocalIdentityProvider } from './identity-provider';
import { StreamPoller } from './stream-poller';
import { adminTokenFileWatch } from './admin-token-file';
import { rotatingClientSecret } from './oidc-client-secret';

export interface PlatformOptions {
  /** 0 picks any free port. */
  port?: number;
  dynamodbEndpoint?: string;
  /** On-disk data directory (the audit ledger's files under audit-ledger/); when neither this nor an endpoint is given, data is in memory. */
  dataDir?: string;
  tableName?: string;
  adminToken?: string;
  /** The built web app; defaults to web/dist. */
  webDir?: string;
  /** Extra configuration (the environment variables' names). */
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Time and noise for the services (tests and benchmarks step the clock over release periods). */
  clock?: Clock;
  random?: RandomSource;
  /** The PDF renderer (tests count renders through it); by default react-pdf, loaded at the first render. */
  renderer?: ReportRenderer;
  /** Render each submission's report off the stream, as the report function does in AWS (default true; the test fixture turns it off unless a test asks). */
  reportsOnSubmit?: boolean;
}

export interface Platform {
  url: string;
  adminToken: string;
  config: Config;
  dataDir?: string;
  stop(): Promise<void>;
  /** Reads the stream once and folds what it finds, ledgers its audit events and renders the reports of submissions (tests use it to wait for them). */
  drainStream(): Promise<number>;
  /** The embedded OpenID Provider people sign in with, unless AIM_OIDC_ISSUER names another. */
  identityProvider?: LocalIdentityProvider;
}

/** The web app's client at the embedded provider. */
export const LOCAL_CLIENT_ID = 'aim-web';

/** How often a running platform checks whether the embedded provider's client secret is due for rotation. */
const CLIENT_SECRET_CHECK_MS = 60_000;

/** The admin token: AIM_ADMIN_TOKEN when set, otherwise generated once and kept in the data directory. */
function resolveAdminToken(explicit: string | undefined, dataDir: string | undefined): string {
  if (explicit) return explicit;
  if (!dataDir) return `aim_${randomIds.secret()}`;
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = `aim_${randomIds.secret()}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? (() => {});
  const jsonLog = (entry: Record<string, unknown>) => log(JSON.stringify(entry));
  const config = loadConfig({
    // Workload identity issuers on this machine (a local test issuer) may be plain http.
    AIM_FEDERATION_ALLOW_HTTP_LOOPBACK: 'true',
    ...options.env,
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
    ...(options.dynamodbEndpoint ? { DYNAMODB_ENDPOINT: options.dynamodbEndpoint } : {}),
    ...(options.tableName ? { AIM_TABLE_NAME: options.tableName } : {}),
  });
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stack.splice(0).reverse()) await step().catch((error) => log(`while stopping: ${String(error)}`));
  };
  try {
    let db: DynamoDbLocal | undefined;
    if (!config.DYNAMODB_ENDPOINT) {
      db = await startDynamoDbLocal({ dataDir: dataDir ? join(dataDir, 'dynamodb') : undefined });
      stack.push(() => db!.stop());
      config.DYNAMODB_ENDPOINT = db.endpoint;
    }
    // The audit ledger's files: in the data directory, else in a temporary one removed at stop.
    const ledgerDir = dataDir ? join(dataDir, 'audit-ledger') : mkdtempSync(join(tmpdir(), 'aim-audit-ledger-'));
    if (!dataDir) stack.push(async () => rmSync(ledgerDir, { recursive: true, force: true }));
    // Rendered reports (issue 21): in the data directory's reports/, else in a temporary directory removed at stop.
    const reportsDir = dataDir ? join(dataDir, 'reports') : mkdtempSync(join(tmpdir(), 'aim-reports-'));
    if (!dataDir) stack.push(async () => rmSync(reportsDir, { recursive: true, force: true }));
    const services = createServices(config, loadCatalogue(), {
      reportFiles: new DirectoryReportFiles(reportsDir),
      auditLedger: new DirectoryAuditLedger(ledgerDir),
      // Agents' access tokens are signed with a key kept in the data directory (in memory without one).
      signer: dataDir ? fileSigner(join(dataDir, 'agent-token-key.jwk'), { rotateAfterDays: config.AIM_AGENT_KEY_ROTATION_DAYS }) : memorySigner(),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    stack.push(async () => services.client.destroy());
    const { created } = await ensureTable(services.client, config.AIM_TABLE_NAME);
    if (created) log(`created table ${config.AIM_TABLE_NAME}`);

    const explicitAdminToken = options.adminToken ?? config.AIM_ADMIN_TOKEN;
    const adminToken = resolveAdminToken(explicitAdminToken, dataDir);
    await services.tokens.ensureBootstrapAdmin(adminToken);
    // A secret kept in the data directory may be rotated while running (npm run admin:grant does, once it expired).
    const adminTokenFile =
      dataDir && !explicitAdminToken
        ? adminTokenFileWatch({ dataDir, current: adminToken, apply: (secret) => services.tokens.ensureBootstrapAdmin(secret), log })
        : undefined;

    const streamsClient = new DynamoDBStreamsClient({
      region: config.AWS_REGION,
      endpoint: config.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stack.push(async () => streamsClient.destroy());
    const poller = new StreamPoller({
      client: services.client,
      streamsClient,
      tableName: config.AIM_TABLE_NAME,
      region: config.AWS_REGION,
      // As the aggregate Lambda does (handlers/aggregate.ts): failed records become partial batch failures.
      handler: async (event) => batchResponse(await foldSubmissions(submissionsFromRecords(event.Records), services.stores.benchmarks, jsonLog)),
      log: jsonLog,
    });
    poller.start();
    stack.push(() => poller.stop());
    // A second reader of the stream, as the audit-ledger Lambda is a second consumer in AWS
    // (handlers/audit-ledger.ts): neither holds the other back when it fails.
    const ledgerPoller = new StreamPoller({
      client: services.client,
      streamsClient,
      tableName: config.AIM_TABLE_NAME,
      region: config.AWS_REGION,
      handler: async (event) => batchResponse(await services.auditLedger.append(auditEventsFromRecords(event.Records), jsonLog)),
      log: jsonLog,
    });
    ledgerPoller.start();
    stack.push(() => ledgerPoller.stop());

    // react-pdf is loaded at the first render, as in the report Lambda (handlers/report.ts).
    const renderer: ReportRenderer = options.renderer ?? { render: async (model) => (await import('../adapters/pdf')).renderReportPdf(model) };
    // A third reader, as the report function is a consumer of the stream in AWS: each submission's report rendered and stored once.
    const reportPoller = new StreamPoller({
      client: services.client,
      streamsClient,
      tableName: config.AIM_TABLE_NAME,
      region: config.AWS_REGION,
      handler: (event) =>
        renderSubmittedReports(
          event.Records,
          (organisationId, assessmentId) => services.reports.renderSubmitted(organisationId, assessmentId, renderer),
          jsonLog,
        ),
      log: jsonLog,
    });
    if (options.reportsOnSubmit !== false) {
      reportPoller.start();
      stack.push(() => reportPoller.stop());
    }

    const deps = appDeps(services, config, jsonLog);
    const webDir = options.webDir ?? resolve('web/dist');
    const root = new Hono();
    if (adminTokenFile)
      root.use('/v1/*', async (_c, next) => {
        await adminTokenFile.check().catch((error) => log(`could not apply the rotated admin-token file; retrying on the next request: ${String(error)}`));
        await next();
      });
    // Large evidence files: PUT to this server (a signed URL, as to S3 in AWS) into the data
    // directory's evidence-uploads/ (a temporary one without a data directory), then imported.
    // The PUT route comes before the apps: their body limit is not the upload's.
    const uploadsDir = dataDir ? join(dataDir, 'evidence-uploads') : mkdtempSync(join(tmpdir(), 'aim-evidence-uploads-'));
    if (!dataDir) stack.push(async () => rmSync(uploadsDir, { recursive: true, force: true }));
    let serverUrl = '';
    const evidenceUploads = new DirectoryEvidenceUploads(uploadsDir, {
      baseUrl: () => config.AIM_WEB_ORIGIN ?? serverUrl,
      now: () => services.clock.now(),
    });
    registerLocalUploadRoute(root, evidenceUploads);
    // The API first: its routes then answer before the report app's middleware would run
    // a second time (a sub-app's `*` middleware applies to every path once mounted).
    root.route('/', createApiApp(deps));
    root.route('/', createReportApp({ ...deps, renderer }));
    const evidence = createEvidenceService(services);
    root.route('/', createEvidenceApp({ ...deps, evidence, evidenceUploads: createEvidenceUploadService(services, config, evidence, evidenceUploads) }));
    root.use('/*', serveStatic({ root: webDir }));
    // The single-page app answers every other GET with its index page.
    root.get('*', async (c, next) => {
      if (c.req.path.startsWith('/v1/')) return next();
      return serveStatic({ root: webDir, path: 'index.html' })(c, next);
    });
    root.notFound((c) => sendProblem(c, problem('not_found', `no route for ${c.req.method} ${c.req.path}`)));

    const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const s = serve({ fetch: root.fetch, port: config.PORT, hostname: '127.0.0.1' }, () => resolveServer(s));
      s.once('error', reject);
    });
    stack.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    serverUrl = `http://localhost:${port}`;
    // The issuer of agents' tokens: the address this server answers on, unless configured.
    config.AIM_ISSUER ??= `http://localhost:${port}`;
    // People sign in at the embedded OpenID Provider unless another is configured; the
    // relying party reads these settings at its first use (composition.ts).
    let identityProvider: LocalIdentityProvider | undefined;
    if (!config.AIM_OIDC_ISSUER) {
      // The client secret AIM shares with the embedded provider: in the data directory (mode 600), else in memory; rotated (oidc-client-secret.ts).
      const clientSecret = rotatingClientSecret({
        file: dataDir ? join(dataDir, 'oidc-client-secret') : undefined,
        rotateAfterDays: config.AIM_OIDC_CLIENT_SECRET_ROTATION_DAYS,
        generate: () => randomIds.secret(),
        now: () => (options.clock?.now() ?? new Date()).getTime(),
      });
      identityProvider = await startLocalIdentityProvider({
        // A platform on any free port (tests, benchmarks) puts its provider on one too, unless told otherwise.
        port: options.port === 0 && options.env?.AIM_LOCAL_IDP_PORT === undefined ? 0 : config.AIM_LOCAL_IDP_PORT,
        dataDir,
        clients: [
          {
            clientId: LOCAL_CLIENT_ID,
            clientSecret: clientSecret.current(),
            redirectUris: [signInAddresses(config).redirectUri],
            postLogoutRedirectUris: [signInAddresses(config).postLogoutRedirectUri],
          },
        ],
        log,
      });
      stack.push(() => identityProvider!.stop());
      Object.assign(config, { AIM_OIDC_ISSUER: identityProvider.issuer, AIM_OIDC_CLIENT_ID: LOCAL_CLIENT_ID, AIM_OIDC_CLIENT_SECRET: clientSecret.current() });
      // Provider and relying party switch together (no await between); a sign-in whose code
      // exchange still sends the old secret is refused invalid_client, and the relying party
      // then reads the secret again and retries (relying-party.ts).
      const rotation = setInterval(() => {
        try {
          const rotated = clientSecret.rotateIfDue();
          if (!rotated) return;
          identityProvider!.setClientSecret(LOCAL_CLIENT_ID, rotated);
          config.AIM_OIDC_CLIENT_SECRET = rotated;
          log('identity provider: rotated the client secret of aim-web');
        } catch (error) {
          log(`could not rotate the OpenID client secret; retrying in a minute: ${String(error)}`);
        }
      }, CLIENT_SECRET_CHECK_MS);
      rotation.unref();
      stack.push(async () => clearInterval(rotation));
    }
    return {
      url: `http://localhost:${port}`,
      get adminToken() {
        return adminTokenFile?.current() ?? adminToken;
      },
      config,
      dataDir,
      identityProvider,
      stop,
      drainStream: async () => {
        let total = 0;
        for (let n = await poller.pollOnce(); n > 0; n = await poller.pollOnce()) total += n;
        // The audit ledger too, so that a test that waited for the stream finds its events ledgered.
        for (let n = await ledgerPoller.pollOnce(); n > 0; n = await ledgerPoller.pollOnce());
        // And the reports of submissions, so that a test that waited for the stream finds them stored.
        if (options.reportsOnSubmit !== false) for (let n = await reportPoller.pollOnce(); n > 0; n = await reportPoller.pollOnce());
        return total;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
