import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newMeta } from '../store/types.ts';
import { startTestSim, type TestSim } from './test-sim.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim({ scenario: 'demo' });
  await t.sim.waitForWorkloads();
});
afterAll(() => t?.sim.close());

const control = (action: string, body: unknown = {}, token?: string | null) =>
  t.call('POST', `/sim/v1/${action}`, { body, token });

/** Opens a port-forward WebSocket like client-node; resolves with the socket or the refusal status. */
function openPortForward(pod: string): Promise<{ ws?: WebSocket; status?: number; body?: string }> {
  const url = `${t.sim.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/${pod}/portforward?ports=80`;
  const ws = new WebSocket(url, ['v4.channel.k8s.io'], {
    headers: { Authorization: `Bearer ${t.sim.token}` },
    ca: t.sim.caPem,
  });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    ws.on('error', () => resolve({ status: -1 }));
  });
}

describe('control over HTTP', () => {
  it('requires the token and validates requests', async () => {
    expect((await control('state', {}, null)).status).toBe(401);
    expect((await control('no-such-action')).status).toBe(404);
    const bad = await control('scale', { name: 'py-serv' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/replicas/);
    const missing = await control('delete-pod', { name: 'ghost' });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toMatch(/ghost not found/);
  });

  it('deletes a pod and the Deployment replaces it', async () => {
    const [victim] = t.sim.readyPods('default', 'app=py-serv');
    expect(
      (await control('delete-pod', { namespace: 'default', name: victim!.metadata.name })).json,
    ).toEqual({ ok: true });
    await t.sim.waitFor(() => {
      const ready = t.sim.readyPods('default', 'app=py-serv');
      return (
        ready.length === 2 &&
        ready.every((p) => p.metadata.uid !== victim!.metadata.uid) &&
        !t.sim.getPod('default', victim!.metadata.name)
      );
    });
  });

  it('scales, restarts a rollout and flips readiness', async () => {
    await control('scale', { kind: 'deployment', namespace: 'shop', name: 'api', replicas: 2 });
    await t.sim.waitForReadyPods('shop', 'app=api', 2);
    const before = t.sim.readyPods('shop', 'app=api').map((p) => p.metadata.uid);
    await control('rollout-restart', { namespace: 'shop', name: 'api' });
    await t.sim.waitFor(() => {
      const pods = t.sim.listPods('shop', 'app=api');
      return (
        pods.length === 2 &&
        t.sim.readyPods('shop', 'app=api').length === 2 &&
        pods.every((p) => !before.includes(p.metadata.uid))
      );
    });
    await control('set-ready', { namespace: 'default', name: 'postgres-0', ready: false });
    await t.sim.waitFor(() => t.sim.readyPods('default', 'app=postgres').length === 0);
    await control('set-ready', { namespace: 'default', name: 'postgres-0', ready: true });
    await t.sim.waitFor(() => t.sim.readyPods('default', 'app=postgres').length === 1);
  });

  it('adds latency to API responses', async () => {
    await control('latency', { ms: 250 });
    const started = Date.now();
    await t.call('GET', '/api/v1/namespaces/default/pods');
    const slow = Date.now() - started;
    await control('latency', { ms: 0 });
    expect(slow).toBeGreaterThanOrEqual(240);
  });

  it('refuses WebSocket upgrades, then raw SPDY only, then all, then none', async () => {
    const pod = t.sim.readyPods('default', 'app=py-serv')[0]!.metadata.name;
    await control('refuse-upgrades', { mode: 'websocket' });
    const refused = await openPortForward(pod);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/refused by kube-sim/);
    await control('refuse-upgrades', { mode: 'spdy' });
    const wsOnly = await openPortForward(pod);
    expect(wsOnly.ws).toBeDefined(); // only raw SPDY upgrades are refused in this mode
    wsOnly.ws!.close();
    await control('refuse-upgrades', { mode: 'all' });
    expect((await openPortForward(pod)).status).toBe(400);
    await control('refuse-upgrades', { mode: 'none' });
    const ok = await openPortForward(pod);
    expect(ok.ws).toBeDefined();
    ok.ws!.close();
  });

  it('checks upgrades: 401 without token, 404 for unknown pods, 400 for pods not running', async () => {
    const url = (pod: string) =>
      `${t.sim.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/${pod}/portforward?ports=80`;
    const attempt = (pod: string, token: string) =>
      new Promise<number | undefined>((resolve) => {
        const ws = new WebSocket(url(pod), ['v4.channel.k8s.io'], {
          headers: { Authorization: `Bearer ${token}` },
          ca: t.sim.caPem,
        });
        ws.on('unexpected-response', (_q, res) => resolve(res.statusCode));
        ws.on('open', () => resolve(101));
        ws.on('error', () => resolve(undefined));
      });
    expect(await attempt('postgres-0', 'wrong')).toBe(401);
    expect(await attempt('ghost', t.sim.token)).toBe(404);
    t.fake.failStarts('stuck', 'image not found');
    t.sim.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: newMeta({ name: 'stuck', namespace: 'default' }),
      spec: { containers: [{ name: 'c', image: 'nope:1' }] },
    });
    await t.sim.waitFor(
      () =>
        t.sim.getPod('default', 'stuck')?.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
        'RunContainerError',
    );
    expect(await attempt('stuck', t.sim.token)).toBe(400);
  });

  it('closes live streams', async () => {
    const pod = t.sim.readyPods('default', 'app=py-serv')[0]!.metadata.name;
    const { ws } = await openPortForward(pod);
    const closed = new Promise((resolve) => ws!.on('close', resolve));
    await t.sim.waitFor(() => t.sim.closeStreams() >= 1, {
      what: 'the port-forward stream to be tracked',
    });
    await closed;
  });

  it('restarts the API server on the same port, keeping state', async () => {
    const before = t.sim
      .listPods()
      .map((p) => p.metadata.uid)
      .sort();
    const r = await control('restart-apiserver', { downMs: 200 });
    expect(r.json).toEqual({ ok: true });
    // Polls with a deadline: the server is down for ~200 ms, then answers on the same URL.
    let refused = 0;
    const res = await t.sim.waitFor(
      () =>
        t.call('GET', '/api/v1/pods').catch(() => {
          refused++;
          return undefined;
        }),
      { timeoutMs: 5000, what: 'the restarted API server to answer' },
    );
    expect(refused).toBeGreaterThan(0);
    expect(res?.status).toBe(200);
    expect(
      res!.json.items.map((p: { metadata: { uid: string } }) => p.metadata.uid).sort(),
    ).toEqual(before);
  });
});
