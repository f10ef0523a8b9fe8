import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makePod } from '../testing/fake-kube.ts';
import {
  connect as connectTo,
  runCleanups,
  waitConn,
  waitState,
  world as makeWorld,
  type Cleanups,
} from '../testing/engine-world.ts';
import { exchange, freePort } from '../testing/tcp-client.ts';
import { bannerApp, echoApp, lineApp, type App } from '../testing/test-apps.ts';
import { until } from '../../../testing/wait.ts';

const cleanups: Cleanups = [];
afterEach(() => runCleanups(cleanups));
const world = (apps: Record<string, App>) => makeWorld(cleanups, apps);
const connect = (port: number) => connectTo(cleanups, port);
const ruleState = (
  w: { engine: { listRules(): Array<{ id: string; stats: unknown }> } },
  id: string,
) => w.engine.listRules().find((r) => r.id === id);

describe('forwarder: pod-port route and lifecycle', () => {
  it('listens only after bind, carries a server-first banner, records the connection exactly', async () => {
    const w = await world({ 'postgres-0': await bannerApp('postgres-0') });
    w.kube.put('statefulset', {
      metadata: { name: 'postgres' },
      spec: { selector: { matchLabels: { app: 'pg' } } },
    } as never);
    w.kube.put('pod', makePod('postgres-0', { labels: { app: 'pg' } }));
    const port = await freePort();
    const added = await w.engine.addRule({
      direction: 'L',
      spec: `${port}:localhost:5432`,
      target: 'statefulset/postgres',
    });
    expect(added.state).toBe('starting');
    const r = await waitState(w.engine, 'r1', 'listening');
    expect(r.listenAddress).toBe(`127.0.0.1:${port}`);

    const { socket, text } = await connect(port);
    await until(() => text().includes('\n'), 'banner');
    expect(text()).toBe('BANNER postgres-0\n');
    socket.write('ping');
    await until(() => text().endsWith('ping'), 'echo');
    socket.end();
    // v4 cannot pass the FIN to the echoing pod: the connection stays half-closed until the idle timer.
    await waitConn(w.engine, (x) => x.state === 'half-closed', 'half-closed connection');
    w.clock.advance(10_000);
    const c = await waitConn(w.engine, (x) => x.state === 'closed', 'closed connection');
    expect(c.reason).toMatch(/local client closed its side and the pod sent nothing for 10 s/);
    expect(c).toMatchObject({
      ruleId: 'r1',
      route: 'pod-port',
      pod: 'postgres-0',
      remote: 'postgres-0:5432',
      bytesUp: 4,
      bytesDown: 22,
    });
    expect(c.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(c.closedAt).toBeGreaterThanOrEqual(c.openedAt);
    expect(ruleState(w, 'r1')?.stats).toMatchObject({
      open: 0,
      total: 1,
      failed: 0,
      bytesUp: 4,
      bytesDown: 22,
    });
  });

  it('fails a rule whose port is taken, naming it and a free port, while others keep running', async () => {
    const w = await world({ p: await echoApp() });
    w.kube.put('pod', makePod('p'));
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const taken = (blocker.address() as net.AddressInfo).port;
    const ok = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${ok}:localhost:80`, target: 'pod/p' });
    await w.engine.addRule({ direction: 'L', spec: `${taken}:localhost:80`, target: 'pod/p' });
    const failed = await waitState(w.engine, 'r2', 'failed');
    expect(failed.reason).toMatch(
      new RegExp(`^127\\.0\\.0\\.1:${taken} is already in use \\(by another program\\); try \\d+$`),
    );
    const suggested = Number(/try (\d+)/.exec(failed.reason ?? '')?.[1]);
    expect(suggested).toBeGreaterThan(taken);
    await waitState(w.engine, 'r1', 'listening');
    const { socket, text } = await connect(ok);
    socket.write('still here');
    await until(() => text() === 'still here', 'echo through the other rule');
    socket.destroy();
  });

  it('starts -R rules in the agent runner, which says why the target cannot be caught', async () => {
    const w = await world({});
    await w.engine.addRule({ direction: 'R', spec: '80:8080', target: 'pod/p' });
    const r = await waitState(w.engine, 'r1', 'failed');
    expect(r.reason).toBe('pod "p" not found in namespace "default"');
  });

  it('disabling stops the listener and closes its open connections with a reason', async () => {
    const w = await world({ p: await echoApp() });
    w.kube.put('pod', makePod('p'));
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:localhost:80`, target: 'pod/p' });
    await waitState(w.engine, 'r1', 'listening');
    const { socket, text } = await connect(port);
    socket.write('x');
    await until(() => text() === 'x', 'echo');
    const closed = new Promise((r) => socket.on('end', r));
    const v = await w.engine.setEnabled('r1', false);
    expect(v.state).toBe('stopped');
    await closed;
    const c = w.engine.listConnections('r1')[0];
    expect(c).toMatchObject({ state: 'closed', reason: 'rule stopped' });
    await expect(exchange(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('keeps the response after a local half-close and passes the pod FIN on', async () => {
    const w = await world({ p: await lineApp('pod-p') });
    w.kube.put('pod', makePod('p'));
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:127.0.0.1:80`, target: 'pod/p' });
    await waitState(w.engine, 'r1', 'listening');
    const res = await exchange(port, 'hello\n', { halfClose: true });
    expect(res.received.toString()).toBe('pod-p: hello\n');
    expect(res.gotEnd).toBe(true);
    const c = await waitConn(w.engine, (x) => x.state === 'closed', 'closed');
    expect(c).toMatchObject({ bytesUp: 6, bytesDown: 13 });
  });
});
