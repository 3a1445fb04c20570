/**
 * A minimal OpenID Provider on 127.0.0.1 for relying-party tests: discovery, a JWKS with
 * one ES256 key (kid k1), and a token endpoint whose answer each test decides.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TokenRequest {
  authorization: string | undefined;
  body: URLSearchParams;
}

export interface FakeOpenIdProvider {
  issuer: string;
  signing: Awaited<ReturnType<typeof generateKeyPair>>;
  publicJwk: JWK;
  stop(): Promise<void>;
}

export async function startFakeOpenIdProvider(token: (request: TokenRequest) => Promise<{ status: number; body: unknown }>): Promise<FakeOpenIdProvider> {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  let issuer = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: [publicJwk] });
    if (url.pathname === '/token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const answer = await token({ authorization: req.headers.authorization, body: new URLSearchParams(raw) });
      return json(answer.status, answer.body);
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { issuer, signing, publicJwk, stop: () => new Promise<void>((done) => server.close(() => done())) };
}
