import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type RunningApp } from '../apps/index.ts';
import { parsePorts } from './ws-portforward.ts';
import {
  fakeCluster,
  upgradeServer,
  waitFor,
  type FakeCluster,
  type UpgradeServer,
} from './test-fixtures.ts';

const PATH = '/api/v1/namespaces/default/pods/web-0/portforward';
let apps: RunningApp[];
let stall: Server;
const stalled: Socket[] = [];
let cluster: FakeCluster;
let server: UpgradeServer;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  const opts = {
    host: '127.0.0.1',
    listenPort: 0,
    pod: 'web-0',
    namespace: 'default',
    container: 'app',
  };
  apps = await Promise.all([
    startApp('echo', { ...opts, port: 7 }),
    startApp('source', { ...opts, port: 19 }),
  ]);
  // A pod port whose app never reads: the forwarder must stop reading the WebSocket.
  stall = createServer((s) => (s.pause(), stalled.push(s)));
  await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
  cluster = fakeCluster({
    7: apps[0]!.port,
    19: apps[1]!.port,
    21: (stall.address() as AddressInfo).port,
  });
  server = await upgradeServer(cluster);
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  for (const s of stalled) s.destroy();
  stall.close();
  await server.close();
  await Promise.all(apps.map((a) => a.close()));
});

interface Recorded {
  ws: WebSocket;
  messages: Buffer[];
  closed: Promise<number>;
}

async function open(query: string, protocols: string[]): Promise<Recorded> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${PATH}?${query}`, protocols);
  sockets.push(ws);
  const messages: Buffer[] = [];
  ws.on('message', (d: Buffer, isBinary) =>
    messages.push(isBinary ? d : Buffer.from(d.toString(), 'latin1')),
  );
  const closed = once(ws, 'close').then(([code]) => code as number);
  await once(ws, 'open');
  return { ws, messages, closed };
}

const channel = (r: Recorded, ch: number) =>
  Buffer.concat(r.messages.filter((m) => m[0] === ch).map((m) => m.subarray(1)));

describe('port-forward over WebSocket v4', () => {
  it('parses repeated and comma-separated ports and rejects bad ones', () => {
    expect(parsePorts('/x?ports=80&ports=81,82')).toEqual([80, 81, 82]);
    expect(parsePorts('/x?port=8080')).toEqual([8080]);
    expect(() => parsePorts('/x?ports=70000')).toThrow(/invalid port/);
  });

  it('selects v4 (never v5), sends the port prefix on both channels and echoes data', async () => {
    const r = await open('ports=7', ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
    expect(r.ws.protocol).toBe('v4.channel.k8s.io');
    await waitFor(() => r.messages.length >= 2, 5_000, 'port prefixes');
    expect(r.messages.slice(0, 2).map((m) => [...m])).toEqual([
      [0, 7, 0],
      [1, 7, 0],
    ]);
    r.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping?')]));
    await waitFor(() => channel(r, 0).length >= 2 + 5, 5_000, 'echo');
    expect(channel(r, 0).subarray(2).toString()).toBe('ping?');
    r.ws.close();
    expect(await r.closed).toBeGreaterThan(0);
  });

  it('accepts clients that offer no subprotocol (binary framing)', async () => {
    const r = await open('ports=7', []);
    expect(r.ws.protocol).toBe('');
    r.ws.send(Buffer.from([0, 0x41]));
    await waitFor(() => channel(r, 0).length >= 3, 5_000, 'echo');
    expect([...channel(r, 0)]).toEqual([7, 0, 0x41]);
    r.ws.close();
  });

  it('ends with close 1000 after the pod closes, data first', async () => {
    const r = await open('ports=19', ['v4.channel.k8s.io']);
    r.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('100000\n')]));
    expect(await r.closed).toBe(1000);
    expect(channel(r, 0).length).toBe(2 + 100_000);
  });

  it('speaks v4.base64 with text frames and serves several ports on one socket', async () => {
    const r = await open('ports=7,19', ['v4.base64.channel.k8s.io']);
    expect(r.ws.protocol).toBe('v4.base64.channel.k8s.io');
    r.ws.send('0' + Buffer.from('hi').toString('base64'));
    r.ws.send('2' + Buffer.from('5\n').toString('base64'));
    await waitFor(() => r.messages.filter((m) => m[0] === 0x30).length >= 2, 5_000, 'echo reply');
    const text = r.messages.map((m) => m.toString('latin1'));
    expect(text.slice(0, 4)).toEqual(['0BwA=', '1BwA=', '2EwA=', '3EwA=']); // 7 and 19, uint16 LE
    expect(Buffer.from(text.filter((t) => t[0] === '0')[1]!.slice(1), 'base64').toString()).toBe(
      'hi',
    );
  });

  it('writes the kubelet error on the error channel for a refused port, then closes', async () => {
    const r = await open('ports=82', ['v4.channel.k8s.io']);
    await r.closed;
    expect(channel(r, 1).subarray(2).toString()).toBe(
      'error forwarding port 82 to pod web-0, uid uid-123: dial tcp4 127.0.0.1:82: connect: connection refused',
    );
  });

  it('pauses the pod when the client does not read (bounded buffering)', async () => {
    const r = await open('ports=19', ['v4.channel.k8s.io']);
    r.ws.pause();
    r.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('inf\n')]));
    const pod = () => cluster.dialed.at(-1) as Socket;
    await waitFor(() => (pod()?.bytesRead ?? 0) > 1e6, 5_000, 'source streaming');
    await stable(() => pod().bytesRead);
    expect(pod().bytesRead).toBeLessThan(64 * 1024 * 1024);
    r.ws.terminate();
  });

  it('stops reading the WebSocket while the pod does not read (bounded buffering)', async () => {
    const r = await open('ports=21', ['v4.channel.k8s.io']);
    const chunk = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 1024, 1)]);
    for (let i = 0; i < 256; i++) r.ws.send(chunk); // 64 MiB offered
    await stable(() => r.ws.bufferedAmount);
    expect(r.ws.bufferedAmount).toBeGreaterThan(16 * 1024 * 1024); // the server stopped taking it
    r.ws.terminate();
  });

  it('refuses when asked to (fault injection) and without ports', async () => {
    cluster.ctx.faults.refuseWebSocket = true;
    try {
      const status = await refusedStatus('ports=7', ['v4.channel.k8s.io']);
      expect(status).toBe(400);
    } finally {
      cluster.ctx.faults.refuseWebSocket = false;
    }
    expect(await refusedStatus('', ['v4.channel.k8s.io'])).toBe(400);
  });
});

function refusedStatus(query: string, protocols: string[]): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${PATH}?${query}`, protocols);
  ws.on('error', () => undefined);
  return new Promise((resolve) =>
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  );
}

/** Waits until `value()` stops changing for a few polls. */
async function stable(value: () => number): Promise<void> {
  let last = -1;
  let same = 0;
  const deadline = Date.now() + 10_000;
  while (same < 5 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const v = value();
    same = v === last ? same + 1 : 0;
    last = v;
  }
}
