import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../apps/index.ts';
import { serveSpdyPortForward } from './spdy-portforward.ts';
import { SpdyTestClient } from './spdy-test-client.ts';
import {
  fakeCluster,
  spdyUpgrade,
  upgradeServer,
  waitFor,
  type FakeCluster,
  type UpgradeServer,
} from './test-fixtures.ts';

const PATH = '/api/v1/namespaces/default/pods/web-0/portforward';
let apps: RunningApp[];
let cluster: FakeCluster;
let server: UpgradeServer;
const clients: SpdyTestClient[] = [];

const appOpts = {
  host: '127.0.0.1',
  listenPort: 0,
  pod: 'web-0',
  namespace: 'default',
  container: 'app',
};

beforeAll(async () => {
  apps = await Promise.all([
    startApp('echo', { ...appOpts, port: 7 }),
    startApp('sink', { ...appOpts, port: 9 }),
  ]);
  cluster = fakeCluster({ 7: apps[0]!.port, 9: apps[1]!.port });
  server = await upgradeServer(cluster);
});

afterAll(async () => {
  for (const c of clients) c.transport.destroy();
  await server.close();
  await Promise.all(apps.map((a) => a.close()));
});

async function session(): Promise<SpdyTestClient> {
  const up = await spdyUpgrade(server.port, PATH, ['portforward.k8s.io']);
  expect(up.status).toBe(101);
  expect(up.head).toMatch(/X-Stream-Protocol-Version: portforward\.k8s\.io/);
  const client = new SpdyTestClient(up.socket);
  clients.push(client);
  return client;
}

function pair(client: SpdyTestClient, port: number, requestid: string) {
  const error = client.open({ streamtype: 'error', port: String(port), requestid });
  const data = client.open({ streamtype: 'data', port: String(port), requestid });
  return { error, data };
}

describe('SPDY port-forward (raw POST upgrade)', () => {
  it('pairs interleaved streams by requestid, replies to each and half-closes cleanly', async () => {
    const c = await session();
    const e0 = c.open({ streamtype: 'error', port: '7', requestid: '0' });
    const e1 = c.open({ streamtype: 'error', port: '7', requestid: '1' });
    const d1 = c.open({ streamtype: 'data', port: '7', requestid: '1' });
    const d0 = c.open({ streamtype: 'data', port: '7', requestid: '0' });
    e0.end();
    e1.end();
    d0.end('zero');
    d1.end('one');
    await Promise.all([d0, d1, e0, e1].map((s) => s.until((x) => x.fin)));
    expect([d0.data.toString(), d1.data.toString()]).toEqual(['zero', 'one']);
    expect([e0.data.length, e1.data.length]).toEqual([0, 0]); // clean finish: empty error stream
    expect([e0, e1, d0, d1].every((s) => s.replied)).toBe(true);
  });

  it('moves 4 MiB byte-identical in both directions', async () => {
    const c = await session();
    const { data } = pair(c, 7, '0');
    const payload = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) & 255;
    for (let off = 0; off < payload.length; off += 32 * 1024)
      data.write(payload.subarray(off, off + 32 * 1024));
    data.end();
    await data.until((s) => s.fin);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(data.data)).toBe(sha(payload));
  });

  it('reports a refused pod port on the error stream with the kubelet wording', async () => {
    const c = await session();
    const { error, data } = pair(c, 82, '0');
    await Promise.all([error.until((s) => s.fin), data.until((s) => s.fin)]);
    expect(error.data.toString()).toBe(
      'error forwarding port 82 to pod web-0, uid uid-123: dial tcp4 127.0.0.1:82: connect: connection refused',
    );
  });

  it('resets streams with a bad port or type instead of replying', async () => {
    const c = await session();
    const bad = [
      c.open({ streamtype: 'data', port: '0', requestid: '5' }),
      c.open({ streamtype: 'bogus', port: '7', requestid: '6' }),
    ];
    await Promise.all(bad.map((s) => s.until((x) => x.reset)));
    expect(bad.some((s) => s.replied)).toBe(false);
  });

  it('echoes PING and closes after GOAWAY once streams are done', async () => {
    const c = await session();
    await c.ping(41);
    c.send(c.writer.goAway(0, 0));
    await c.closed;
    expect(c.goAway?.status).toBe(0);
  });

  it('closes the pod connection on a mid-stream RST, tolerates a late RST, and keeps the session', async () => {
    const c = await session();
    const before = cluster.dialed.length;
    const first = pair(c, 9, '0');
    first.data.write('partial');
    await waitFor(() => cluster.dialed.length > before, 5_000, 'pod dial');
    const pod = cluster.dialed[before]!;
    first.data.rst();
    await waitFor(() => pod.destroyed, 5_000, 'pod connection closed');
    first.data.rst(); // client-go resets streams it already finished; must be harmless
    const second = pair(c, 9, '1');
    second.data.end('abc');
    await second.data.until((s) => s.fin);
    expect(second.data.data.toString()).toBe(
      `3 ${createHash('sha256').update('abc').digest('hex')}\n`,
    );
  });

  it('drops an incomplete pair after the stream creation timeout', async () => {
    const raw: Server = createServer((s) =>
      serveSpdyPortForward(s, cluster.ctx, { pairTimeoutMs: 50 }),
    );
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const { connect } = await import('node:net');
      const socket = connect((raw.address() as AddressInfo).port, '127.0.0.1');
      await once(socket, 'connect');
      const c = new SpdyTestClient(socket);
      clients.push(c);
      const lonely = c.open({ streamtype: 'error', port: '7', requestid: '0' });
      await lonely.until((s) => s.reset);
      expect(lonely.replied).toBe(true);
    } finally {
      raw.close();
    }
  });

  it('ends live sessions through the tracked closers ("close all streams")', async () => {
    const c = await session();
    await c.ping(1);
    await waitFor(() => cluster.tracked.size > 0, 5_000, 'tracked session');
    for (const close of [...cluster.tracked]) close();
    await c.closed;
  });

  it('refuses an upgrade that does not offer portforward.k8s.io, and honours refuseSpdy and refuseAll', async () => {
    const wrong = await spdyUpgrade(server.port, PATH, ['v4.channel.k8s.io']);
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toMatchObject({
      kind: 'Status',
      code: 400,
      reason: 'BadRequest',
    });
    cluster.ctx.faults.refuseWebSocket = true; // WS-only refusal must not block SPDY
    expect((await spdyUpgrade(server.port, PATH, ['portforward.k8s.io'])).status).toBe(101);
    cluster.ctx.faults.refuseWebSocket = false;
    cluster.ctx.faults.refuseSpdy = true;
    const spdyOnly = await spdyUpgrade(server.port, PATH, ['portforward.k8s.io']);
    expect(JSON.parse(spdyOnly.body).message).toMatch(/SPDY upgrade refused by kube-sim/);
    cluster.ctx.faults.refuseSpdy = false;
    cluster.ctx.faults.refuseAll = true;
    try {
      const refused = await spdyUpgrade(server.port, PATH, ['portforward.k8s.io']);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body).message).toMatch(/refused by kube-sim/);
    } finally {
      cluster.ctx.faults.refuseAll = false;
      cluster.ctx.faults.refuseWebSocket = false;
      cluster.ctx.faults.refuseSpdy = false;
    }
  });
});
