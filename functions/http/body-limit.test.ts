/** The body limit answers as Hono's bodyLimit does, whether the length is declared or counted (body-limit.ts). */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBodyLimit } from './body-limit';

const LIMIT = 64;

function limitedApp() {
  const app = new Hono();
  app.use('*', requestBodyLimit({ maxSize: LIMIT, onError: (c) => c.json({ code: 'payload_too_large' }, 413) }));
  app.post('/echo', async (c) => c.json({ received: await c.req.json() }));
  app.get('/echo', (c) => c.json({ received: null }));
  return app;
}

describe('requestBodyLimit, in process (web Requests)', () => {
  const app = limitedApp();
  const json = (size: number) => JSON.stringify({ text: 'x'.repeat(size) });

  it('passes a body within the limit, declared by Content-Length', async () => {
    const res = await app.request('/echo', {
      method: 'POST',
      body: json(10),
      headers: { 'content-type': 'application/json', 'content-length': String(json(10).length) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { text: 'x'.repeat(10) } });
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    const res = await app.request('/echo', {
      method: 'POST',
      body: json(100),
      headers: { 'content-type': 'application/json', 'content-length': String(json(100).length) },
    });
    expect(res.status).toBe(413);
  });

  it('counts a body sent without a length (a stream) and refuses it past the limit', async () => {
    const stream = (text: string) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
    const over = await app.request('/echo', {
      method: 'POST',
      body: stream(json(100)),
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(over.status).toBe(413);
    const under = await app.request('/echo', {
      method: 'POST',
      body: stream(json(10)),
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(under.status).toBe(200);
  });

  it('lets a GET through', async () => {
    expect((await app.request('/echo')).status).toBe(200);
  });
});

describe('requestBodyLimit, on @hono/node-server', () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    server = await new Promise((resolve) => {
      const s = serve({ fetch: limitedApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  const post = (body: string, chunked: boolean) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json' };
      if (!chunked) headers['content-length'] = Buffer.byteLength(body);
      const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      if (chunked) {
        // Two writes without a length: Transfer-Encoding chunked.
        req.write(body.slice(0, 5));
        req.end(body.slice(5));
      } else req.end(body);
    });

  it('answers 200 within the limit and 413 past it, with and without Content-Length', async () => {
    const small = JSON.stringify({ text: 'x'.repeat(10) });
    const large = JSON.stringify({ text: 'x'.repeat(100) });
    expect(await post(small, false)).toBe(200);
    expect(await post(large, false)).toBe(413);
    expect(await post(small, true)).toBe(200);
    expect(await post(large, true)).toBe(413);
  });
});
