/** Raw HTTP and WebSocket clients for the web host's tests (headers exactly as given). */
import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (Host included), no redirects, no cookie jar. */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method,
      agent: false,
      headers: { host: `127.0.0.1:${port}`, ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.end();
  });
}

/** Opens /ws; resolves with the socket or rejects with the HTTP status that refused it. */
export function openSocket(
  port: number,
  query: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A server message as the tests read it. */
export interface Msg {
  id?: number | string | null;
  result?: { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
  event?: string;
  payload?: unknown;
}

/** Collects every JSON message a socket receives; `next(pred)` waits for a matching one. */
export function messages(ws: WebSocket) {
  const seen: Msg[] = [];
  const waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Msg;
    seen.push(msg);
    for (const w of waiters.splice(0)) {
      if (w.pred(msg)) w.resolve(msg);
      else waiters.push(w);
    }
  });
  return {
    seen,
    next(pred: (m: Msg) => boolean, timeoutMs = 5000): Promise<Msg> {
      const hit = seen.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
  };
}

/** A tiny fake renderer build in a fresh temp dir. */
export async function fakeStaticDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'portside-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Portside</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}
