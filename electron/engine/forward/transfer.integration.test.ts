/** -L through kube-sim (loopback runtime): exact bytes, counters, half-close, concurrency, isolation. */
import { createHash } from 'node:crypto';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicBytes, deterministicSha256 } from '../../../kube-sim/apps/index.ts';
import { rawRequest, sha256 } from '../testing/raw-http.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { connect } from '../testing/tcp-client.ts';
import { until } from '../../../testing/wait.ts';

const MiB = 1024 * 1024;
let w: SimWorld;
let port: number;
let ruleId: string;

beforeAll(async () => {
  w = await startSimWorld();
  const f = await w.forward({ to: 'py-serv:80' });
  port = f.port;
  ruleId = f.rule.id;
});
afterAll(async () => {
  await w?.close();
});

const closedConn = (sent: number) =>
  until(
    () => w.engine.listConnections(ruleId).find((c) => c.state === 'closed' && c.bytesUp === sent),
    `closed connection with ${sent} bytes up`,
    10_000,
  );

describe('-L transfers through kube-sim', () => {
  it('downloads 16 MiB byte-exact (sha256) and counts every byte', async () => {
    const n = 16 * MiB;
    const res = await rawRequest(port, { path: `/bytes?n=${n}&seed=7` });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(n);
    expect(sha256(res.body)).toBe(res.headers['x-sha256']);
    expect(res.headers['x-sha256']).toBe(deterministicSha256(n, 7));
    const c = await closedConn(res.sent);
    expect(c).toMatchObject({ route: 'service', bytesUp: res.sent, bytesDown: res.received });
    expect(c.pod).toMatch(/^py-serv-/);
  });

  it('uploads 16 MiB byte-exact (sha256 from the pod) and counts every byte', async () => {
    const n = 16 * MiB;
    const hash = createHash('sha256');
    const body = [...deterministicBytes(n, 3)];
    for (const b of body) hash.update(b);
    const res = await rawRequest(port, { method: 'POST', path: '/sink', body, bodyLength: n });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ bytes: n, sha256: hash.digest('hex') });
    const c = await closedConn(res.sent);
    expect(c.bytesDown).toBe(res.received);
  });

  it('keeps the whole response after the client half-closes, and passes the pod FIN on', async () => {
    const res = await rawRequest(port, { path: `/bytes?n=${MiB}`, halfClose: true });
    expect(res.body.length).toBe(MiB);
    expect(sha256(res.body)).toBe(res.headers['x-sha256']);
    expect(res.gotEnd).toBe(true);
  });

  it('completes 200 concurrent connections', async () => {
    const all = await Promise.all(Array.from({ length: 200 }, () => rawRequest(port)));
    expect(
      all.every(
        (r) => r.status === 200 && JSON.parse(r.body.toString()).pod.startsWith('py-serv-'),
      ),
    ).toBe(true);
    // Round-robin over the ready pods: both replicas served.
    expect(new Set(all.map((r) => JSON.parse(r.body.toString()).pod)).size).toBe(2);
  });

  it('a paused reader does not slow the others, and is not buffered without bound', async () => {
    let slow: net.Socket | undefined;
    const big = rawRequest(port, {
      path: `/bytes?n=${512 * MiB}`,
      onSocket: (s) => (slow = s),
    }).catch(() => undefined);
    const sock = await until(() => slow, 'slow socket');
    await until(
      () => w.engine.listConnections(ruleId).find((c) => c.state === 'open' && c.bytesDown > MiB),
      'slow connection flowing',
    );
    sock.pause();
    // Head-of-line blocking would stall these forever; how fast they are is bench/'s business.
    for (let i = 0; i < 10; i++) {
      const r = await rawRequest(port, { path: `/bytes?n=${MiB}` });
      expect(sha256(r.body)).toBe(r.headers['x-sha256']);
    }
    const slowConn = w.engine
      .listConnections(ruleId)
      .find((c) => c.state === 'open' && c.bytesDown > MiB);
    expect(slowConn?.bytesDown ?? Infinity).toBeLessThan(128 * MiB);
    sock.destroy();
    await big;
  }, 60_000);

  it('carries a server-first banner through a targeted -L', async () => {
    const f = await w.forward({ to: 'localhost:5432', target: 'statefulset/postgres' });
    const { socket, text } = await connect(f.port);
    await until(() => text().includes('\n'), 'banner');
    expect(text()).toBe('BANNER postgres-0\r\n');
    socket.destroy();
  });
});
