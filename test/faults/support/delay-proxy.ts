/**
 * A TCP proxy that delays every chunk in both directions by a delay that can change at
 * any time: a slow database for the fault tests, without touching the database.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  endpoint: string;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/** Forwards `from` to `to`, each chunk after the current delay, in order. */
function relay(from: Socket, to: Socket, delay: () => number): void {
  let chain = Promise.resolve();
  from.on('data', (chunk) => {
    const wait = delay();
    chain = chain.then(
      () =>
        new Promise<void>((resolve) => {
          const write = () => {
            if (!to.destroyed) to.write(chunk);
            resolve();
          };
          if (wait > 0) setTimeout(write, wait);
          else write();
        }),
    );
  });
  from.on('end', () => void chain.then(() => to.end()));
  from.on('error', () => to.destroy());
}

export async function startDelayProxy(target: string): Promise<DelayProxy> {
  const { hostname, port } = new URL(target);
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: hostname, port: Number(port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    relay(client, upstream, () => delayMs);
    relay(upstream, client, () => delayMs);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    setDelay: (ms) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
