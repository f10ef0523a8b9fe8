import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicBuffer, deterministicSha256, startApp, type RunningApp } from './index.ts';

const base = {
  host: '127.0.0.1',
  listenPort: 0,
  pod: 'web-0',
  namespace: 'shop',
  container: 'app',
};
const running: Record<string, RunningApp> = {};

beforeAll(async () => {
  for (const [kind, port] of [
    ['http', 80],
    ['echo', 7],
    ['banner', 5432],
    ['source', 19],
    ['sink', 9],
  ] as const) {
    running[kind] = await startApp(kind, { ...base, port });
  }
});
afterAll(async () => Promise.all(Object.values(running).map((a) => a.close())));

const url = (path: string) => `http://127.0.0.1:${running['http']!.port}${path}`;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Sends `input`, half-closes, and collects everything until the server's FIN. */
async function exchange(kind: string, input: Buffer | string, halfClose = true): Promise<Buffer> {
  const s: Socket = connect({ host: '127.0.0.1', port: running[kind]!.port, allowHalfOpen: true });
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  await once(s, 'connect');
  s.write(input);
  if (halfClose) s.end();
  await once(s, 'end');
  s.destroy();
  return Buffer.concat(chunks);
}

describe('http app', () => {
  it('names pod, namespace, container, container port and the client address it saw', async () => {
    const body = await (await fetch(url('/'))).json();
    expect(body).toEqual({
      pod: 'web-0',
      namespace: 'shop',
      container: 'app',
      port: 80,
      client: '127.0.0.1',
    });
  });

  it('streams 16 MiB of deterministic bytes whose sha256 matches x-sha256', async () => {
    const res = await fetch(url('/bytes?n=16777216&seed=42'));
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(16 * 1024 * 1024);
    expect(res.headers.get('x-sha256')).toBe(sha(body));
    expect(sha(body)).toBe(deterministicSha256(16 * 1024 * 1024, 42));
    expect(body.subarray(0, 1000)).toEqual(deterministicBuffer(1000, 42)); // prefixes are stable
  });

  it('hashes POST /sink bodies and rejects bad sizes', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await fetch(url('/sink'), { method: 'POST', body: payload });
    expect(await res.json()).toEqual({ bytes: payload.length, sha256: sha(payload) });
    expect((await fetch(url('/bytes?n=-1'))).status).toBe(400);
    expect((await fetch(url('/nope'))).status).toBe(404);
  });
});

describe('raw TCP apps', () => {
  it('echo returns everything and FINs only after the client FIN', async () => {
    const input = Buffer.alloc(2 * 1024 * 1024, 3);
    expect(sha(await exchange('echo', input))).toBe(sha(input));
  });

  it('banner speaks first, then echoes', async () => {
    expect((await exchange('banner', 'hello')).toString()).toBe('BANNER web-0\r\nhello');
  });

  it('source sends N deterministic bytes for "N SEED" and then FIN', async () => {
    const out = await exchange('source', '100000 9\n', false);
    expect(out.equals(deterministicBuffer(100000, 9))).toBe(true);
  });

  it('sink answers "<bytes> <sha256>" after the client FIN', async () => {
    expect((await exchange('sink', 'abc')).toString()).toBe(`3 ${sha('abc')}\n`);
  });

  it('rejects unknown kinds', async () => {
    await expect(startApp('ftp', { ...base, port: 21 })).rejects.toThrow(/unknown app "ftp"/);
  });
});
