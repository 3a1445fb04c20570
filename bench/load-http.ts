/**
 * A small keep-alive JSON client over node:http, for the load benchmark and the fault
 * tests: the same transport the AWS SDK uses, so API and raw database latencies compare.
 * Network failures and timeouts resolve as status 0 (never throw), with the error named.
 */
import { Agent, request } from 'node:http';
import { isStaticKey, keyExchanger, tokenRefused } from '../test/support/key-exchange';

export interface JsonResponse<T = any> {
  /** 0 when no HTTP answer arrived (refused, reset, timed out). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  error?: string;
  ms: number;
}

export interface JsonClientOptions {
  /** Abort a request after this long (a client-side timeout). */
  timeoutMs?: number;
  maxSockets?: number;
}

export function jsonClient(baseUrl: string, options: JsonClientOptions = {}) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });

  // The API takes no static keys by default: a key given as `token` is exchanged for a token (test/support/key-exchange.ts).
  const exchanger = keyExchanger(baseUrl, async (form) => {
    const res = await send<{ access_token?: string }>('POST', '/v1/oauth/token', { raw: form, contentType: 'application/x-www-form-urlencoded' });
    return { status: res.status, accessToken: res.status === 200 ? res.body.access_token : undefined };
  });

  async function call<T = any>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<JsonResponse<T>> {
    if (!isStaticKey(init.token)) return send<T>(method, path, init);
    const credential = await exchanger.credentialFor(init.token);
    const response = await send<T>(method, path, { ...init, token: credential });
    if (credential === init.token || !tokenRefused(response.status, response.headers['www-authenticate'] as string | undefined)) return response;
    // The token expired or its key was revoked: exchange again; if that is refused too, the API's answer stands.
    const renewed = await exchanger.renewed(init.token);
    return renewed ? send<T>(method, path, { ...init, token: renewed }) : response;
  }

  function send<T = any>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<JsonResponse<T>> {
    const payload = init.raw !== undefined ? Buffer.from(init.raw) : init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
    const headers: Record<string, string | number> = { accept: 'application/json', ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (payload) {
      headers['content-type'] = init.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const started = performance.now();
    const timeoutMs = init.timeoutMs ?? options.timeoutMs;
    return new Promise((resolve) => {
      let settled = false;
      const done = (response: Omit<JsonResponse<T>, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...response, ms: performance.now() - started });
      };
      const req = request({ host: url.hostname, port: url.port, path, method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => done({ status: 0, headers: {}, body: undefined as T, error: String(error) }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          done({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      });
      if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`client timeout after ${timeoutMs} ms`)));
      req.on('error', (error) => done({ status: 0, headers: {}, body: undefined as T, error: String(error) }));
      req.end(payload);
    });
  }

  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) => call<T>('POST', path, { body, token, headers }),
    patch: <T = any>(path: string, body: unknown, token?: string) => call<T>('PATCH', path, { body, token }),
    close: () => agent.destroy(),
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;
