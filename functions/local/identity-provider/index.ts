import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { type Account, openAccountStore } from './accounts';
import { createInteractionHandler } from './interactions';
import { loadOrCreateKeys } from './keys';
import { type ClientRegistration, providerConfiguration } from './provider-configuration';
import { SignInThrottle } from './sign-in-throttle';
import { createStoreAdapterFactory } from './store-adapter';

export type { ClientRegistration } from './provider-configuration';

export interface LocalIdentityProvider {
  /** http://localhost:<port> */
  issuer: string;
  accounts: {
    create(input: { email: string; password: string; name: string }): Promise<{ subject: string }>;
    findByEmail(email: string): Promise<Account | undefined>;
  };
  /** Registers a client's new secret (rotation); the old one is refused from now on. */
  setClientSecret(clientId: string, secret: string): void;
  stop(): Promise<void>;
}

export interface LocalIdentityProviderOptions {
  /** 0 = any free port. */
  port: number;
  /** Accounts, keys, sessions and grants persist under `<dataDir>/identity-provider/`; in memory when absent. */
  dataDir?: string;
  clients: ClientRegistration[];
  log?: (line: string) => void;
}

/** oidc-provider's clock tolerance (its default), also used to keep stored artifacts that long. */
const CLOCK_TOLERANCE_SECONDS = 15;

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The embedded OpenID Provider that `npm start` runs, so people sign up and sign in to AIM
 * locally with no outside service. Listens on 127.0.0.1 only; the issuer names localhost.
 */
export async function startLocalIdentityProvider(options: LocalIdentityProviderOptions): Promise<LocalIdentityProvider> {
  const log = options.log ?? (() => {});
  const directory = options.dataDir ? join(options.dataDir, 'identity-provider') : undefined;
  const [accounts, keys, adapter] = await Promise.all([
    openAccountStore(directory),
    loadOrCreateKeys(directory),
    createStoreAdapterFactory(directory, CLOCK_TOLERANCE_SECONDS),
  ]);

  // The issuer needs the port, known only once listening: requests wait for the handler meanwhile.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  const port = await listen(server, options.port);
  const issuer = `http://localhost:${port}`;

  // Registered through the Client model, so that a rotated secret applies without a restart.
  let clients: readonly ClientRegistration[] = options.clients.map((client) => ({ ...client }));
  const formTargetOrigins = [
    ...new Set(options.clients.flatMap((client) => [...client.redirectUris, ...client.postLogoutRedirectUris]).map((uri) => new URL(uri).origin)),
  ];
  const provider = new Provider(issuer, {
    ...providerConfiguration({ clients: () => clients, keys, adapter, accounts, formTargetOrigins }),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  provider.on('server_error', (_ctx, error) => log(`identity provider: server error: ${error.message}`));

  const interactions = createInteractionHandler({ provider, accounts, throttle: new SignInThrottle(), formTargetOrigins, issuerOrigin: issuer, log });
  const providerHandler = provider.callback();
  handle = (req, res) => {
    if (req.url?.startsWith('/interaction/')) void interactions(req, res);
    else void providerHandler(req, res);
  };
  log(`identity provider: ${issuer} (${directory ? `data in ${directory}` : 'in memory'})`);

  return {
    issuer,
    accounts: { create: (input) => accounts.create(input), findByEmail: (email) => accounts.findByEmail(email) },
    setClientSecret(clientId, secret) {
      if (!clients.some((c) => c.clientId === clientId)) throw new Error(`no client ${clientId}`);
      clients = clients.map((c) => (c.clientId === clientId ? { ...c, clientSecret: secret } : c));
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
