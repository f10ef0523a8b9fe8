import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bannerApp, echoApp, lineApp, type App } from '../testing/test-apps.ts';
import { startV4Server, type V4Server, type V4ServerOptions } from '../testing/v4-server.ts';
import { PortForwardStream, V4_PROTOCOL } from './port-forward-stream.ts';
import { until } from '../../../testing/wait.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  app: App | undefined,
  extra: Partial<V4ServerOptions> = {},
): Promise<V4Server> {
  if (app) cleanups.push(() => app.close());
  const server = await startV4Server({ backend: () => app, ...extra });
  cleanups.push(() => server.close());
  return server;
}

function open(server: V4Server, port = 80): PortForwardStream {
  const ws = new WebSocket(server.url('default', 'p', port), [V4_PROTOCOL]);
  const s = new PortForwardStream(ws, port, { pingIntervalMs: 0 });
  cleanups.push(() => void s.destroy());
  return s;
}

const readAll = (s: PortForwardStream): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });

const readUntil = (s: PortForwardStream, text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    let got = '';
    const on = (d: Buffer): void => {
      got += d.toString();
      if (got.includes(text)) {
        s.off('data', on);
        resolve(got);
      }
    };
    s.on('data', on);
    s.on('error', reject);
  });

describe('PortForwardStream', () => {
  it('receives a server-first banner without sending anything, prefixes stripped', async () => {
    const server = await setup(await bannerApp('postgres-0'));
    const s = open(server, 5432);
    expect(await readUntil(s, '\n')).toBe('BANNER postgres-0\n');
  });

  it('keeps receiving after a local half-close until the server closes, then ends', async () => {
    const server = await setup(await lineApp('pod-a'));
    const s = open(server);
    const all = readAll(s);
    s.end('hello\n');
    expect((await all).toString()).toBe('pod-a: hello\n');
    expect(s.bytesUp).toBe(6);
    expect(s.bytesDown).toBe(13);
  });

  it('moves 4 MiB exactly both ways', async () => {
    const server = await setup(await echoApp());
    const s = open(server);
    const data = Buffer.alloc(4 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 0xff;
    const got: Buffer[] = [];
    let n = 0;
    const done = new Promise<void>((r) =>
      s.on('data', (d: Buffer) => {
        got.push(d);
        n += d.length;
        if (n >= data.length) r();
      }),
    );
    s.write(data);
    await done;
    expect(Buffer.concat(got).equals(data)).toBe(true);
    expect(s.bytesUp).toBe(data.length);
    expect(s.bytesDown).toBe(data.length);
  });

  it('turns the ERROR channel text into the close reason', async () => {
    const server = await setup(undefined);
    const s = open(server, 81);
    await readAll(s);
    expect(s.closeReason).toBe('error forwarding port 81: no such pod');
  });

  it('rejects a server that answers another subprotocol', async () => {
    const server = await setup(await echoApp(), { answerProtocol: 'v5.channel.k8s.io' });
    const ws = new WebSocket(server.url('default', 'p', 80), [V4_PROTOCOL, 'v5.channel.k8s.io']);
    const s = new PortForwardStream(ws, 80, { pingIntervalMs: 0 });
    await expect(readAll(s)).rejects.toThrow(/subprotocol "v5.channel.k8s.io" instead of v4/);
  });

  it('reports a refused upgrade with the Status message', async () => {
    const server = await setup(await echoApp(), {
      refuse: { code: 403, message: 'pods "p" is forbidden' },
    });
    const s = open(server);
    await expect(readAll(s)).rejects.toThrow(
      'the API server refused the port-forward (HTTP 403): pods "p" is forbidden',
    );
  });

  it('ends a stream whose server stops answering keepalive pings', async () => {
    const server = await setup(await echoApp(), { autoPong: false });
    const ws = new WebSocket(server.url('default', 'p', 80), [V4_PROTOCOL]);
    const s = new PortForwardStream(ws, 80, { pingIntervalMs: 50 });
    cleanups.push(() => void s.destroy());
    await expect(readAll(s)).rejects.toThrow(
      'the API server did not answer a keepalive ping within 50 ms',
    );
  });

  it('keeps a stream alive while pings are answered', async () => {
    const server = await setup(await echoApp());
    const ws = new WebSocket(server.url('default', 'p', 80), [V4_PROTOCOL]);
    const s = new PortForwardStream(ws, 80, { pingIntervalMs: 20 });
    cleanups.push(() => void s.destroy());
    let pongs = 0;
    ws.on('pong', () => pongs++);
    await until(() => pongs >= 3);
    expect(s.destroyed).toBe(false);
  });

  it('pauses the WebSocket while the reader is paused and resumes it on read', async () => {
    const server = await setup(await echoApp());
    const ws = new WebSocket(server.url('default', 'p', 80), [V4_PROTOCOL]);
    const s = new PortForwardStream(ws, 80, { pingIntervalMs: 0 });
    cleanups.push(() => void s.destroy());
    s.pause();
    const data = Buffer.alloc(1 << 20, 7);
    s.write(data);
    await until(() => s.readableLength >= s.readableHighWaterMark);
    expect(ws.isPaused).toBe(true);
    let n = 0;
    s.on('data', (d: Buffer) => (n += d.length));
    s.resume();
    await until(() => n === data.length);
    expect(ws.isPaused).toBe(false);
  });
});
