/**
 * The -L `agent` route end to end in kube-sim netns mode (pods are network namespaces with their
 * own resolver): injection into the target pod, DNS as the pod sees it, distinct failure reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailableReason } from '../../../kube-sim/runtime/netns/available.ts';
import { demoWithExternalHost } from '../../../kube-sim/netns-tests/scenario.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { rawRequest, sha256 } from '../testing/raw-http.ts';
import { until } from '../../../testing/wait.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`agent route tests skipped: ${skipReason}`);

describe.skipIf(skipReason)('-L through the agent (netns)', () => {
  let w: SimWorld;
  beforeAll(async () => {
    w = await startSimWorld({ scenario: await demoWithExternalHost(), network: 'netns' });
  }, 120_000);
  afterAll(async () => w?.close());

  const podIPs = (ns: string, sel: string): string[] =>
    w.sim.readyPods(ns, sel).map((p) => p.status.podIP as string);

  it('reaches an outside host as the target pod: the reply names a py-serv pod IP', async () => {
    const { rule, port } = await w.forward({
      to: 'api.example.test:80',
      target: 'deployment/py-serv',
    });
    const res = await rawRequest(port, { path: '/' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString()) as { client: string };
    expect(podIPs('default', 'app=py-serv')).toContain(body.client);
    const conn = await until(() =>
      w.engine.listConnections(rule.id).find((c) => c.state === 'closed' || c.state === 'failed'),
    );
    expect(conn).toMatchObject({ route: 'agent', state: 'closed' });
    expect(conn.remote).toMatch(/^\d+\.\d+\.\d+\.\d+:80$/);
    expect(conn.bytesDown).toBe(res.received);
    expect(conn.bytesUp).toBe(res.sent);
    const view = w.engine.listRules().find((r) => r.id === rule.id);
    expect(view?.agents?.[0]).toMatchObject({ namespace: 'default', state: 'ready' });
  });

  it('resolves short names through the pod search path; unknown hosts fail NXDOMAIN', async () => {
    const { rule, port } = await w.forward({
      to: 'api:8080',
      target: 'deployment/api',
      namespace: 'shop',
    });
    const res = await rawRequest(port, { path: '/' });
    expect(JSON.parse(res.body.toString())).toMatchObject({ pod: expect.stringMatching(/^api-/) });
    const bad = await w.forward({
      to: 'nope-nothing:80',
      target: 'deployment/api',
      namespace: 'shop',
    });
    await rawRequest(bad.port, { path: '/' }).catch(() => undefined);
    const failed = await until(() =>
      w.engine.listConnections(bad.rule.id).find((c) => c.state === 'failed'),
    );
    expect(failed.reason).toMatch(/NXDOMAIN/);
    expect(w.engine.listRules().find((r) => r.id === bad.rule.id)?.state).not.toBe('failed');
    expect(rule.id).toBeTruthy();
  });

  it('16 MiB each way through the agent, sha256-verified, counted exactly', async () => {
    const { rule, port } = await w.forward({
      to: 'api.example.test:80',
      target: 'deployment/py-serv',
    });
    const down = await rawRequest(port, { path: `/bytes?n=${16 << 20}` });
    expect(down.body.length).toBe(16 << 20);
    expect(sha256(down.body)).toBe(down.headers['x-sha256']);
    const data = randomBytes(16 << 20);
    const up = await rawRequest(port, {
      method: 'POST',
      path: '/sink',
      body: [data],
      bodyLength: data.length,
    });
    expect(up.body.toString()).toContain(sha256(data));
    const conns = await until(() => {
      const done = w.engine.listConnections(rule.id).filter((c) => c.state === 'closed');
      return done.length === 2 ? done : undefined;
    });
    const byDown = conns.find((c) => c.bytesDown === down.received);
    const byUp = conns.find((c) => c.bytesUp === up.sent);
    expect(byDown?.bytesUp).toBe(down.sent);
    expect(byUp?.bytesDown).toBe(up.received);
  });

  it('100 concurrent connections share one agent; a paused reader stalls nobody', async () => {
    const { rule, port } = await w.forward({
      to: 'api.example.test:80',
      target: 'deployment/py-serv',
    });
    const stuck = connect({ port, host: '127.0.0.1' });
    stuck.on('error', () => undefined);
    stuck.write(`GET /bytes?n=${256 << 20} HTTP/1.1\r\nHost: x\r\n\r\n`);
    stuck.pause(); // never read: its stream's window fills, nobody else's
    const all = await Promise.all(
      Array.from({ length: 100 }, () => rawRequest(port, { path: '/' })),
    );
    expect(all.every((r) => r.status === 200)).toBe(true);
    stuck.destroy();
    const agents = w.engine.listRules().find((r) => r.id === rule.id)?.agents ?? [];
    expect(new Set(agents.map((a) => a.pod)).size).toBe(1);
  });

  it('targetless: comes from the agent pod, which is deleted on a clean stop', async () => {
    const { rule, port } = await w.forward({ to: 'api.example.test:80' });
    const res = await rawRequest(port, { path: '/' });
    const body = JSON.parse(res.body.toString()) as { client: string };
    const agents = w.sim.listPods('default', 'app.kubernetes.io/managed-by=portside');
    expect(agents.map((p) => p.status.podIP)).toContain(body.client);
    expect(rule.id).toBeTruthy();
    await w.engine.dispose(); // the last test: a clean stop of the engine
    await until(
      () => w.sim.listPods('default', 'app.kubernetes.io/managed-by=portside').length === 0,
      'the agent pod deleted',
    );
  });
});
