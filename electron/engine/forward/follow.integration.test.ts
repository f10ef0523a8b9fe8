/** Resolution per connection against kube-sim: deleted pods and rollouts move new connections at once. */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../testing/raw-http.ts';
import { rollPyServ, startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { until } from '../../../testing/wait.ts';

let w: SimWorld;
beforeAll(async () => {
  w = await startSimWorld();
});
afterAll(async () => {
  await w?.close();
});

const podOf = (r: RawResponse): string => (JSON.parse(r.body.toString()) as { pod: string }).pod;

/** Retries until one request succeeds; returns it with the time it took. */
async function firstSuccess(
  port: number,
  deadlineMs: number,
): Promise<{ res: RawResponse; ms: number }> {
  const start = Date.now();
  for (;;) {
    const res = await rawRequest(port).catch(() => undefined);
    if (res?.status === 200) return { res, ms: Date.now() - start };
    if (Date.now() - start > deadlineMs)
      throw new Error(`no successful request within ${deadlineMs} ms`);
  }
}

describe('following pods', () => {
  it('a deleted pod ends its open connection with a reason; new connections reach the replacement within 2 s', async () => {
    const { port, rule } = await w.forward({
      to: 'localhost:8080',
      target: 'deploy/api',
      namespace: 'shop',
    });
    const before = podOf(await rawRequest(port));
    let slow: net.Socket | undefined;
    const running = rawRequest(port, {
      path: '/bytes?n=134217728',
      onSocket: (s) => (slow = s),
    }).catch(() => undefined);
    const open = await until(
      () => w.engine.listConnections(rule.id).find((c) => c.state === 'open' && c.bytesDown > 0),
      () => `a running download in ${JSON.stringify(w.engine.listConnections(rule.id))}`,
    );
    slow?.pause();
    w.sim.deletePod('shop', before);
    const { res, ms } = await firstSuccess(port, 2000);
    expect(podOf(res)).not.toBe(before);
    expect(ms).toBeLessThan(2000);
    const ended = await until(
      () =>
        w.engine
          .listConnections(rule.id)
          .find((c) => c.id === open.id && (c.state === 'closed' || c.state === 'failed')),
      'the old connection to end',
      15_000,
    );
    expect(ended.reason).toMatch(new RegExp(`^pod ${before} (was deleted|stopped)`));
    slow?.destroy();
    await running;
  });

  it('a rollout restart moves new connections to the new pods', async () => {
    const { port } = await w.forward({ to: 'py-serv:80' });
    const old = await rollPyServ(w.sim);
    for (let i = 0; i < 4; i++) expect(old.has(podOf(await rawRequest(port)))).toBe(false);
  });

  it('a refused upgrade fails the connection with the API server words', async () => {
    const { port, rule } = await w.forward({
      to: 'localhost:5432',
      target: 'statefulset/postgres',
    });
    w.sim.refuseUpgrades('all');
    try {
      await rawRequest(port).catch(() => undefined);
      const c = await until(
        () => w.engine.listConnections(rule.id).find((x) => x.state === 'failed'),
        'failed connection',
      );
      expect(c.reason).toMatch(/^the API server refused the port-forward \(HTTP \d+\)/);
    } finally {
      w.sim.refuseUpgrades('none');
    }
  });

  it('survives an API server restart: new connections work again', async () => {
    const { port } = await w.forward({ to: 'py-serv:80' });
    expect((await rawRequest(port)).status).toBe(200);
    await w.sim.restartApiServer({ downMs: 300 });
    const { res } = await firstSuccess(port, 5000);
    expect(res.status).toBe(200);
  });
});
