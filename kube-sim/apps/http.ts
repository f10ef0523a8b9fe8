/**
 * The `http` app: `GET /` names the pod and the client address it saw, `GET /bytes?n=&seed=`
 * streams deterministic bytes (with `x-sha256`), `POST /sink` hashes the request body.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AppContext } from './context.ts';
import { deterministicBytes, deterministicSha256, seedOf } from './bytes.ts';
import { drained } from './drain.ts';

/** The largest `/bytes` answer (1 GiB) — enough for benchmarks, small enough to fail fast on typos. */
const MAX_BYTES = 1024 ** 3;

/** Builds the (not yet listening) HTTP server of the `http` app. */
export function createHttpApp(ctx: AppContext): Server {
  return createServer({ keepAlive: true }, (req, res) => {
    void route(ctx, req, res).catch(() => res.destroy());
  });
}

async function route(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://app.invalid');
  if (req.method === 'GET' && url.pathname === '/') return json(res, 200, whoami(ctx, req));
  if (req.method === 'GET' && url.pathname === '/bytes') return sendBytes(res, url);
  if (req.method === 'POST' && url.pathname === '/sink') return sink(req, res);
  return json(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
}

function whoami(ctx: AppContext, req: IncomingMessage): object {
  const client = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return {
    pod: ctx.pod,
    namespace: ctx.namespace,
    container: ctx.container,
    port: ctx.port,
    client,
  };
}

async function sendBytes(res: ServerResponse, url: URL): Promise<void> {
  const n = Number(url.searchParams.get('n') ?? '0');
  if (!Number.isInteger(n) || n < 0 || n > MAX_BYTES)
    return json(res, 400, { error: `bad n: ${url.searchParams.get('n')}` });
  const seed = seedOf(url.searchParams.get('seed'));
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(n),
    'x-sha256': deterministicSha256(n, seed),
  });
  for (const chunk of deterministicBytes(n, seed)) {
    if (res.destroyed) return;
    if (!res.write(chunk) && !(await drained(res))) return;
  }
  res.end();
}

async function sink(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  json(res, 200, { bytes, sha256: hash.digest('hex') });
}

function json(res: ServerResponse, code: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
