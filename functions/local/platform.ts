/**
 * The whole platform on one machine: DynamoDB Local (unless an endpoint is given), the
 * table, the bootstrap admin token, the stream poller feeding the aggregate handler,
 * and one HTTP server for the API, the PDF report and the web app.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { batchResponse, submissionsFromRecords } from '../adapters/dynamodb/stream-records';
import { ensureTable } from '../adapters/dynamodb/table';
import { renderReportPdf } from '../adapters/pdf';
import { appDeps, createServices, randomIds, signInAddresses } from '../composition';
import { loadConfig, type Config } from '../config';
import { createApiApp, createReportApp, sendProblem } from '../http/app';
import { problem } from '../http/problems';
import type { RandomSource } from '../core/privacy/random-source';
import { foldSubmissions } from '../services/aggregation';
import type { Clock } from '../services/ports';
import { fileSigner, memorySigner } from '../adapters/signing/local-signer';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startLocalIdentityProvider, type LocalIdentityProvider } from './identity-provider';
import { StreamPoller } from './stream-poller';

export interface PlatformOptions {
  /** 0 picks any free port. */
  port?: number;
  dynamodbEndpoint?: string;
  /** On-disk data directory; when neither this nor an endpoint is given, data is in memory. */
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
}

export interface Platform {
  url: string;
  adminToken: string;
  config: Config;
  dataDir?: string;
  stop(): Promise<void>;
  /** Reads the stream once and folds what it finds (tests use it to wait for aggregation). */
  drainStream(): Promise<number>;
  /** The embedded OpenID Provider people sign in with, unless AIM_OIDC_ISSUER names another. */
  identityProvider?: LocalIdentityProvider;
}

/** The web app's client at the embedded provider. */
export const LOCAL_CLIENT_ID = 'aim-web';

/** The client secret AIM shares with the embedded provider: kept in the data directory (mode 600), or made per run. */
function localClientSecret(dataDir: string | undefined): string {
  if (!dataDir) return randomIds.secret();
  const file = join(dataDir, 'oidc-client-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomIds.secret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

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
    const services = createServices(config, loadCatalogue(), {
      // Agents' access tokens are signed with a key kept in the data directory (in memory without one).
      signer: dataDir ? fileSigner(join(dataDir, 'agent-token-key.jwk'), { rotateAfterDays: config.AIM_AGENT_KEY_ROTATION_DAYS }) : memorySigner(),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    stack.push(async () => services.client.destroy());
    const { created } = await ensureTable(services.client, config.AIM_TABLE_NAME);
    if (created) log(`created table ${config.AIM_TABLE_NAME}`);

    const adminToken = resolveAdminToken(options.adminToken ?? config.AIM_ADMIN_TOKEN, dataDir);
    await services.tokens.ensureBootstrapAdmin(adminToken);

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

    const deps = appDeps(services, config, jsonLog);
    const renderer = { render: (model: Parameters<typeof renderReportPdf>[0]) => renderReportPdf(model) };
    const webDir = options.webDir ?? resolve('web/dist');
    const root = new Hono();
    // The API first: its routes then answer before the report app's middleware would run
    // a second time (a sub-app's `*` middleware applies to every path once mounted).
    root.route('/', createApiApp(deps));
    root.route('/', createReportApp({ ...deps, renderer }));
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
    // The issuer of agents' tokens: the address this server answers on, unless configured.
    config.AIM_ISSUER ??= `http://localhost:${port}`;
    // People sign in at the embedded OpenID Provider unless another is configured; the
    // relying party reads these settings at its first use (composition.ts).
    let identityProvider: LocalIdentityProvider | undefined;
    if (!config.AIM_OIDC_ISSUER) {
      const clientSecret = localClientSecret(dataDir);
      identityProvider = await startLocalIdentityProvider({
        // A platform on any free port (tests, benchmarks) puts its provider on one too, unless told otherwise.
        port: options.port === 0 && options.env?.AIM_LOCAL_IDP_PORT === undefined ? 0 : config.AIM_LOCAL_IDP_PORT,
        dataDir,
        clients: [
          {
            clientId: LOCAL_CLIENT_ID,
            clientSecret,
            redirectUris: [signInAddresses(config).redirectUri],
            postLogoutRedirectUris: [signInAddresses(config).postLogoutRedirectUri],
          },
        ],
        log,
      });
      stack.push(() => identityProvider!.stop());
      Object.assign(config, { AIM_OIDC_ISSUER: identityProvider.issuer, AIM_OIDC_CLIENT_ID: LOCAL_CLIENT_ID, AIM_OIDC_CLIENT_SECRET: clientSecret });
    }
    return {
      url: `http://localhost:${port}`,
      adminToken,
      config,
      dataDir,
      identityProvider,
      stop,
      drainStream: async () => {
        let total = 0;
        for (let n = await poller.pollOnce(); n > 0; n = await poller.pollOnce()) total += n;
        return total;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
