/**
 * Test apps served by pod containers. Free of runtime coupling, so the loopback runtime runs them
 * in-process and the netns sandbox runs them inside a pod's network namespace.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import type { AppContext } from './context.ts';
import { createHttpApp } from './http.ts';
import { createBannerApp, createEchoApp, createSinkApp, createSourceApp } from './tcp.ts';

export type { AppContext } from './context.ts';
export { deterministicBuffer, deterministicBytes, deterministicSha256, seedOf } from './bytes.ts';

export const APP_KINDS = ['http', 'echo', 'banner', 'source', 'sink'] as const;
export type AppKind = (typeof APP_KINDS)[number];

const factories: Record<AppKind, (ctx: AppContext) => NetServer | HttpServer> = {
  http: createHttpApp,
  echo: createEchoApp,
  banner: createBannerApp,
  source: createSourceApp,
  sink: createSinkApp,
};

export interface StartAppOptions {
  /** Address to bind (127.0.0.1 in loopback mode, the pod IP or 0.0.0.0 in netns mode). */
  host: string;
  /** The container port; also the listen port unless `listenPort` is given. */
  port: number;
  /** Where to really listen (0 = ephemeral), when it differs from the container port. */
  listenPort?: number;
  pod: string;
  namespace: string;
  container: string;
}

export interface RunningApp {
  /** The port actually bound. */
  port: number;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/** True for the names `startApp` accepts. */
export function isAppKind(kind: string): kind is AppKind {
  return (APP_KINDS as readonly string[]).includes(kind);
}

/** Starts app `kind` and resolves once it accepts connections. */
export async function startApp(kind: string, opts: StartAppOptions): Promise<RunningApp> {
  if (!isAppKind(kind)) throw new Error(`unknown app "${kind}" (known: ${APP_KINDS.join(', ')})`);
  const server = factories[kind]({
    pod: opts.pod,
    namespace: opts.namespace,
    container: opts.container,
    port: opts.port,
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort ?? opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
