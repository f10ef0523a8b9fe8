import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../testing/wait.ts';
import { startTestSim, type TestSim } from './test-sim.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(async () => {
  t.sim.thawApiServer();
  await t.sim.close();
});

/** GET on a fresh connection; resolves with the status, or 'no answer' after `ms`. */
function get(path: string, ms: number): Promise<number | 'no answer'> {
  return new Promise((resolve) => {
    const req = request(`${t.sim.url}${path}`, {
      headers: { Authorization: `Bearer ${t.sim.token}` },
      ca: t.sim.caPem,
      agent: false,
      timeout: ms,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('no answer');
    });
    req.on('error', () => resolve('no answer'));
    req.end();
  });
}

describe('freeze-apiserver fault', () => {
  it('holds requests without closing sockets, then answers them when it thaws', async () => {
    const thawed = t.sim.freezeApiServer(60_000);
    let held: number | 'no answer' | undefined;
    const during = get('/api/v1/namespaces/default/pods', 30_000).then((s) => (held = s));
    // A second request gives up after 500 ms: the server accepted it and said nothing.
    expect(await get('/api/v1/namespaces/default/pods', 500)).toBe('no answer');
    expect(held).toBeUndefined(); // the first is still waiting, not failed
    t.sim.thawApiServer();
    await thawed;
    expect(await during).toBe(200);
  });

  it('is reachable through the control API, answering before it freezes', async () => {
    const res = await t.call('POST', '/sim/v1/freeze-apiserver', { body: { seconds: 0.5 } });
    expect(res.json).toEqual({ ok: true });
    await until(async () => (await get('/api/v1/namespaces', 1000)) === 200, 'the thaw');
    const bad = await t.call('POST', '/sim/v1/freeze-apiserver', { body: { seconds: 601 } });
    expect(bad.status).toBe(400);
  });
});
