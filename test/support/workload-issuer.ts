/**
 * A workload identity issuer on this machine, as GitHub Actions or AWS would be for a
 * pipeline: an OpenID discovery document and its signing key, served over HTTP, and the
 * private key to sign workload JWTs with. `claimedIssuer` makes the discovery document
 * name another issuer (the mismatch AIM must refuse).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

export interface WorkloadIssuer {
  url: string;
  kid: string;
  privateKey: CryptoKey;
  claimedIssuer?: string;
  server: Server;
}

export async function startWorkloadIssuer(options: { claimedIssuer?: string } = {}): Promise<WorkloadIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const issuer = { kid, privateKey, ...options } as WorkloadIssuer;
  issuer.server = createServer((request, response) => {
    const json = (body: unknown) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/.well-known/openid-configuration') return json({ issuer: issuer.claimedIssuer ?? issuer.url, jwks_uri: `${issuer.url}/jwks` });
    if (request.url === '/jwks') return json({ keys: [jwk] });
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

export function stopWorkloadIssuer(issuer: WorkloadIssuer): Promise<void> {
  return new Promise<void>((resolve) => {
    issuer.server.close(() => resolve());
    issuer.server.closeAllConnections();
  });
}
