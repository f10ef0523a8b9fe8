import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortsideError } from '../../../shared/errors.ts';
import { createEngine } from '../create-engine.ts';
import { createFakeKube, makePod } from '../testing/fake-kube.ts';
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
import { echoApp, lineApp, type App } from '../testing/test-apps.ts';
import { startV4Server } from '../testing/v4-server.ts';
import { until } from '../../../testing/wait.ts';
import { PortForwardStream, V4_PROTOCOL } from './port-forward-stream.ts';

const cleanups: Cleanups = [];
afterEach(() => runCleanups(cleanups));
const world = (apps: Record<string, App>) => makeWorld(cleanups, apps);
const connect = (port: number) => connectTo(cleanups, port);

describe('forwarder: degraded and recovering', () => {
  it('is degraded with what was found, and heals on the retry timer', async () => {
    const w = await world({ 'api-1': await echoApp() });
    w.kube.put('deployment', {
      metadata: { name: 'api' },
      spec: { selector: { matchLabels: { app: 'api' } } },
    } as never);
    w.kube.put(
      'pod',
      makePod('api-1', { labels: { app: 'api' }, ready: false, waiting: 'CrashLoopBackOff' }),
    );
    w.kube.put(
      'pod',
      makePod('api-2', { labels: { app: 'api' }, ready: false, waiting: 'CrashLoopBackOff' }),
    );
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:localhost:80`, target: 'deploy/api' });
    const r = await waitState(w.engine, 'r1', 'degraded');
    expect(r.reason).toBe(
      'no Ready pod for deployment/api in default: 2 pods, both CrashLoopBackOff',
    );
    const res = await exchange(port, 'x');
    expect(res.received.length).toBe(0);
    const failed = await waitConn(w.engine, (c) => c.state === 'failed', 'failed connection');
    expect(failed).toMatchObject({ route: 'pod-port', reason: r.reason });
    w.kube.put('pod', makePod('api-1', { labels: { app: 'api' } }));
    w.clock.advance(5000);
    await waitState(w.engine, 'r1', 'listening');
  });

  it('a pod port that refuses fails the connection and degrades the rule with the kubelet words', async () => {
    const w = await world({});
    w.kube.put('pod', makePod('p'));
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:localhost:80`, target: 'pod/p' });
    await waitState(w.engine, 'r1', 'listening');
    const res = await exchange(port, 'x');
    expect(res.received.length).toBe(0);
    const c = await waitConn(w.engine, (x) => x.state === 'failed', 'failed connection');
    expect(c.reason).toBe('error forwarding port 80: no such pod');
    expect((await waitState(w.engine, 'r1', 'degraded')).reason).toBe(
      'error forwarding port 80: no such pod',
    );
  });

  it('sends hosts only the agent can reach through the agent, failing the connection in words', async () => {
    const w = await world({});
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:10.1.2.3:80` });
    await waitState(w.engine, 'r1', 'listening');
    await exchange(port, 'x');
    const c = await waitConn(w.engine, (x) => x.state === 'failed', 'failed');
    // The fake cluster session cannot create pods, so the agent cannot start: said per connection.
    expect(c).toMatchObject({
      route: 'agent',
      remote: '10.1.2.3:80',
      reason: 'this cluster session cannot create agents',
    });
  });
});

describe('forwarder: service route and following pods', () => {
  async function serviceWorld(): Promise<World & { port: number }> {
    const w = await world({ 'web-1': await lineApp('web-1'), 'web-2': await lineApp('web-2') });
    w.kube.put('service', {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    } as never);
    for (const [name, created] of [
      ['web-1', '2024-01-01T00:00:00Z'],
      ['web-2', '2024-01-02T00:00:00Z'],
    ] as const) {
      w.kube.put(
        'pod',
        makePod(name, {
          labels: { app: 'web' },
          ports: [{ name: 'http', containerPort: 8080 }],
          created,
        }),
      );
    }
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:web.default.svc.cluster.local:80` });
    await waitState(w.engine, 'r1', 'listening');
    return { ...w, port };
  }

  it('spreads connections over ready pods and translates the named targetPort', async () => {
    const w = await serviceWorld();
    const a = await exchange(w.port, 'one\n', { halfClose: true });
    const b = await exchange(w.port, 'two\n', { halfClose: true });
    expect(
      new Set([a.received.toString().split(':')[0], b.received.toString().split(':')[0]]),
    ).toEqual(new Set(['web-1', 'web-2']));
    const conns = await until(() => {
      const cs = w.engine.listConnections('r1');
      return cs.length >= 2 && cs.every((c) => c.state === 'closed') ? cs : undefined;
    }, 'two closed');
    expect(conns.map((c) => c.route)).toEqual(['service', 'service']);
    expect(conns[0]?.remote).toBe('10.0.0.1:8080');
  });

  it('ends open connections on a deleted pod with a reason and sends new ones to the others', async () => {
    const w = await serviceWorld();
    const first = await connect(w.port);
    const c = await waitConn(w.engine, (x) => x.state === 'open', 'open connection');
    const closed = new Promise((r) => first.socket.on('end', r));
    w.kube.deletePod('default', c.pod ?? '');
    w.server.killPod(c.pod ?? '');
    await closed;
    const ended = await waitConn(w.engine, (x) => x.id === c.id && x.state !== 'open', 'ended');
    expect(ended.reason).toBe(`pod ${c.pod} was deleted`);
    for (let i = 0; i < 3; i++) {
      const res = await exchange(w.port, 'again\n', { halfClose: true });
      expect(res.received.toString()).not.toContain(c.pod ?? '?');
      expect(res.received.toString()).toMatch(/^web-\d: again\n$/);
    }
  });
});

describe('forwarder: cluster trouble and the agent seam', () => {
  it('is reconnecting while the API cannot be reached, listening once it can', async () => {
    const w = await world({ p: await echoApp() });
    w.kube.put('pod', makePod('p'));
    let down = true;
    const realGetPod = w.kube.api.getPod;
    w.kube.api.getPod = async (ns, name) => {
      if (down)
        throw new PortsideError(
          'Network',
          'cannot reach the cluster API: connect ECONNREFUSED 127.0.0.1:6443',
        );
      return realGetPod(ns, name);
    };
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:localhost:80`, target: 'pod/p' });
    const r = await waitState(w.engine, 'r1', 'reconnecting');
    expect(r.reason).toBe(
      'cluster unreachable: cannot reach the cluster API: connect ECONNREFUSED 127.0.0.1:6443; retrying',
    );
    expect(r.listenAddress).toBe(`127.0.0.1:${port}`);
    down = false;
    w.clock.advance(5000);
    await waitState(w.engine, 'r1', 'listening');
  });

  it('fails the rule with the kubeconfig loader words', async () => {
    const engine = createEngine({
      sessions: async () => {
        throw new PortsideError(
          'KubeConfig',
          'context "prod" not found in the kubeconfig (available: dev)',
        );
      },
    });
    cleanups.push(() => engine.dispose());
    const added = await engine.addRule({
      direction: 'L',
      spec: `${await freePort()}:db:5432`,
      context: 'prod',
    });
    const r = await waitState(engine, added.id, 'failed');
    expect(r.reason).toBe('context "prod" not found in the kubeconfig (available: dev)');
  });

  it('hands agent routes to an injected agent dialer', async () => {
    const app = await lineApp('agent');
    cleanups.push(() => app.close());
    const server = await startV4Server({ backend: () => app });
    cleanups.push(() => server.close());
    const kube = createFakeKube();
    const seen: string[] = [];
    const engine = createEngine({
      sessions: async () => kube.session(server.url),
      dialerOptions: {
        pingIntervalMs: 0,
        agent: async (plan) => {
          seen.push(`${plan.host}:${plan.port}`);
          return new PortForwardStream(
            new WebSocket(server.url('default', 'agent', 80), [V4_PROTOCOL]),
            80,
            { pingIntervalMs: 0 },
          );
        },
      },
    });
    cleanups.push(() => engine.dispose());
    const port = await freePort();
    const added = await engine.addRule({ direction: 'L', spec: `${port}:api.example.com:443` });
    await waitState(engine, added.id, 'listening');
    const res = await exchange(port, 'hi\n', { halfClose: true });
    expect(res.received.toString()).toBe('agent: hi\n');
    expect(seen).toContain('api.example.com:443');
    const c = await waitConn(engine, (x) => x.state === 'closed', 'closed');
    expect(c).toMatchObject({
      route: 'agent',
      remote: 'api.example.com:443',
      bytesUp: 3,
      bytesDown: 10,
    });
  });
});
