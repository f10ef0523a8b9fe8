/** The HTTPS listener: serves requests and upgrades, and can restart on the same port keeping state. */
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { statusErrors } from '../store/status-error.ts';
import type { ServerContext } from './context.ts';
import { authorized, createRequestHandler } from './handler.ts';
import { parseRoute } from './route.ts';
import type { TlsMaterial } from './tls.ts';
import { handleUpgrade, rejectUpgrade } from './upgrade.ts';

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Drops every connection (watches, streams) and listens again on the same port. */
  restart(opts?: { downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

function upgradeListener(ctx: ServerContext) {
  return (
    req: import('node:http').IncomingMessage,
    socket: import('node:stream').Duplex,
    head: Buffer,
  ) => {
    socket.on('error', () => socket.destroy());
    const run = async () => {
      if (ctx.latencyMs > 0) await delay(ctx.latencyMs);
      const url = new URL(req.url ?? '/', 'https://kube-sim.invalid');
      if (!authorized(req, ctx.token)) throw statusErrors.unauthorized();
      await handleUpgrade(req, socket, head, ctx, parseRoute(url.pathname), url.searchParams);
    };
    run().catch((err: unknown) => rejectUpgrade(socket, err));
  };
}

/** Runs `fn` at once, or after the freeze fault lets go (control/freeze.ts). */
function held<A extends unknown[]>(ctx: ServerContext, fn: (...args: A) => void) {
  return (...args: A): void => {
    const wait = ctx.hold?.();
    if (wait) void wait.then(() => fn(...args));
    else fn(...args);
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Starts HTTPS (HTTP/1.1) on host:port (0 = any free port). */
export async function startApiServer(
  ctx: ServerContext,
  tls: TlsMaterial,
  opts: { host: string; port: number },
): Promise<ApiServer> {
  const sockets = new Set<Socket>();
  const build = () => {
    const server = createServer({ key: tls.keyPem, cert: tls.certPem });
    server.on('request', held(ctx, createRequestHandler(ctx)));
    server.on('upgrade', held(ctx, upgradeListener(ctx)));
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.on('clientError', (_err, s) => s.destroy());
    server.on('secureConnection', (s) => ctx.onTlsSocket?.(s));
    return server;
  };
  let server = build();
  const port = await listen(server, opts.host, opts.port);
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };
  return {
    host: opts.host,
    port,
    url: `https://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    async restart(r = {}) {
      await stop();
      if (r.downMs) await delay(r.downMs);
      server = build();
      await listen(server, opts.host, port);
    },
    close: stop,
  };
}
