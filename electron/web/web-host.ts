/**
 * The browser host: one node:http server that serves the renderer build and the contract over a
 * single WebSocket at `/ws`, guarded by a token, a Host check and an Origin check (http-guard.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/api/engine.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { bindEngineEvents } from '../engine/api/events.ts';
import { checkRequest, newToken, tokenCookie, type GuardOptions } from './http-guard.ts';
import { serveStatic } from './static-files.ts';
import { createWsBridge, type WsBridge } from './ws-bridge.ts';
import { WS_MAX_FRAME_BYTES } from '../../shared/ws-envelope.ts';

/** Same policy as the `<meta>` in renderer/index.html, plus what only a header can say. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // The token rides in the first URL; never hand it to anyone in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The token page and every refusal: never kept in a cache (static assets override this).
  'Cache-Control': 'no-store',
};

/** What `startWebHost` needs; `token` only for tests that want a fixed one. */
export interface WebHostOptions {
  /** A promise is fine: the host listens at once and requests wait until the engine is there. */
  engine: Engine | Promise<Engine>;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** The renderer build (dist/renderer). */
  staticDir: string;
  version: string;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/?token=…` */
  url: string;
  port: number;
  token: string;
  /** Stops serving and closes every socket; the engine stays the caller's to dispose. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function reject(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** The request target as a URL, or null when it does not parse (answered 400, never thrown). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string,
  guard: GuardOptions,
): void {
  const url = requestUrl(req);
  if (!url) return reject(res, 400, 'Bad request');
  const verdict = checkRequest(url, req.headers, guard);
  if (!verdict.ok) {
    reject(
      res,
      verdict.status,
      verdict.status === 401
        ? 'Unauthorized: open the URL printed by `portside serve`'
        : 'Forbidden',
    );
    return;
  }
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (verdict.setCookie) res.setHeader('Set-Cookie', tokenCookie(guard));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    reject(res, 405, 'Method not allowed');
    return;
  }
  if (url.pathname === '/ws') {
    reject(res, 426, 'Upgrade required');
    return;
  }
  serveStatic(staticDir, url.pathname, res, req.method).catch(() => res.destroy());
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function handleUpgrade(
  wss: WebSocketServer,
  bridge: WsBridge,
  guard: GuardOptions,
  [req, socket, head]: [IncomingMessage, Duplex, Buffer],
): void {
  socket.on('error', () => socket.destroy());
  const url = requestUrl(req);
  if (!url || url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
  const verdict = checkRequest(url, req.headers, guard);
  if (!verdict.ok)
    return refuseUpgrade(
      socket,
      verdict.status,
      verdict.status === 401 ? 'Unauthorized' : 'Forbidden',
    );
  wss.handleUpgrade(req, socket, head, (ws) => bridge.attach(ws));
}

/** Starts the browser host; resolves once it listens. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const engineP = Promise.resolve(opts.engine);
  const bridge = createWsBridge(
    engineP.then((e) =>
      // No `env`: whoever holds the URL token could otherwise read any environment variable of
      // this process through `import:env`. In a browser tab, template values are typed instead.
      createHandlers(e, { host: 'web', version: opts.version }),
    ),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_FRAME_BYTES });
  const guard: GuardOptions = { token, port: 0, bindHost: host };
  const server = createServer((req, res) => handleRequest(req, res, opts.staticDir, guard));
  server.on('upgrade', (...args) => handleUpgrade(wss, bridge, guard, args));
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, a server error (e.g. out of file descriptors) is reported, never fatal.
  server.on('error', (err) => console.error(`portside: web host: ${err.message}`));
  const address = server.address();
  guard.port = typeof address === 'object' && address ? address.port : opts.port;
  // Closing must not wait for an engine that is still loading; it is then never bound at all.
  let closing = false;
  let unbind: (() => void) | null = null;
  engineP.then(
    (e) => {
      if (!closing) unbind = bindEngineEvents(e, bridge.broadcast);
    },
    () => undefined,
  );

  const close = async (): Promise<void> => {
    closing = true;
    unbind?.();
    bridge.closeAll();
    wss.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const ws of wss.clients) ws.terminate();
    await closed;
  };
  return {
    url: `http://${urlHost(host)}:${guard.port}/?token=${token}`,
    port: guard.port,
    token,
    close,
  };
}
