import { afterEach, describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { makePod } from '../testing/fake-kube.ts';
import {
  connect as connectTo,
  runCleanups,
  waitConn,
  waitState,
  world as makeWorld,
  type Cleanups,
  type World,
} from '../testing/engine-world.ts';
import { exchange, freePort } from '../testing/tcp-client.ts';
import { lineApp } from '../testing/test-apps.ts';
import { until } from '../../../testing/wait.ts';

const cleanups: Cleanups = [];
afterEach(() => runCleanups(cleanups));

const REASON = 'cluster unreachable: cannot reach the cluster API: connect ECONNREFUSED';

/** An idle pod rule whose API reads can be turned down (refused) or frozen (never answer). */
async function idleRule(): Promise<{ w: World; port: number; api: { mode: string } }> {
  const w = await makeWorld(cleanups, { p: await lineApp('p') });
  w.kube.put('pod', makePod('p'));
  const api = { mode: 'up' };
  const realGetPod = w.kube.api.getPod;
  w.kube.api.getPod = (ns, name) => {
    if (api.mode === 'down')
      return Promise.reject(
        new PortsideError('Network', 'cannot reach the cluster API: connect ECONNREFUSED'),
      );
    if (api.mode === 'frozen') return new Promise(() => {});
    return realGetPod(ns, name);
  };
  const port = await freePort();
  await w.engine.addRule({ direction: 'L', spec: `${port}:localhost:80`, target: 'pod/p' });
  await waitState(w.engine, 'r1', 'listening');
  return { w, port, api };
}

const failedConn = (w: World) =>
  waitConn(w.engine, (c) => c.state === 'failed', 'a failed connection');

describe('forwarder: the API server gone while a rule is idle', () => {
  it('turns reconnecting with the reason, keeps listening, fails new connections with it, heals', async () => {
    const { w, port, api } = await idleRule();
    api.mode = 'down';
    w.clock.advance(5000);
    const r = await waitState(w.engine, 'r1', 'reconnecting');
    expect(r.reason).toBe(`${REASON}; retrying`);
    expect(r.listenAddress).toBe(`127.0.0.1:${port}`);

    const { socket } = await connectTo(cleanups, port);
    const ended = new Promise((res) => socket.on('end', res));
    expect((await failedConn(w)).reason).toBe(REASON);
    await ended; // the client is let go, not left hanging

    api.mode = 'up';
    w.clock.advance(5000);
    await waitState(w.engine, 'r1', 'listening');
    const res = await exchange(port, 'back\n', { halfClose: true });
    expect(res.received.toString()).toBe('p: back\n');
  });

  it('does not make a connection wait for a frozen API once the rule knows it is unreachable', async () => {
    const { w, port, api } = await idleRule();
    api.mode = 'down';
    w.clock.advance(5000);
    await waitState(w.engine, 'r1', 'reconnecting');
    api.mode = 'frozen';
    await connectTo(cleanups, port);
    // Only the short grace of the fresh check stands between the client and the reason.
    await until(() => w.clock.pending() > 0 && w.engine.listConnections().length > 0, 'admitting');
    w.clock.advance(1000);
    expect((await failedConn(w)).reason).toBe(REASON);
  });

  it('tries the first connection after the API is back normally, before any re-check timer', async () => {
    const { w, port, api } = await idleRule();
    api.mode = 'down';
    w.clock.advance(5000);
    await waitState(w.engine, 'r1', 'reconnecting');
    api.mode = 'up';
    const res = await exchange(port, 'first\n', { halfClose: true });
    expect(res.received.toString()).toBe('p: first\n');
    await waitState(w.engine, 'r1', 'listening');
  });
});
