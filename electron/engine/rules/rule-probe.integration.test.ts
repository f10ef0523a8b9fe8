/** Health through the tunnel, against kube-sim: the probe uses the rule's own route. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleView } from '../../../shared/model.ts';
import { until } from '../../../testing/wait.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';

let w: SimWorld;
beforeAll(async () => {
  w = await startSimWorld();
});
afterAll(async () => {
  await w?.close();
});

const healthOf = (id: string): RuleView['health'] =>
  w.engine.listRules().find((r) => r.id === id)?.health;

const waitHealth = (id: string, state: 'healthy' | 'unhealthy') =>
  until(
    () => (healthOf(id)?.state === state ? healthOf(id) : undefined),
    () => `rule ${id} ${state} (is ${JSON.stringify(healthOf(id))})`,
    15_000,
    20,
  );

describe('rule probes through the route', () => {
  it('http: healthy on a 2xx, unhealthy with the status otherwise', async () => {
    const ok = await w.forward({
      to: 'py-serv:80',
      probe: { kind: 'http', path: '/', intervalSec: 2 },
    });
    expect((await waitHealth(ok.rule.id, 'healthy')).checkedAt).toBeGreaterThan(0);
    const bad = await w.forward({
      to: 'py-serv:80',
      probe: { kind: 'http', path: '/no-such-page', intervalSec: 2 },
    });
    expect((await waitHealth(bad.rule.id, 'unhealthy')).reason).toMatch(
      /^GET \/no-such-page answered HTTP 404$/,
    );
  });

  it('tcp: unhealthy with the reason when nothing listens on the pod port', async () => {
    const r = await w.forward({
      to: 'localhost:9',
      target: 'statefulset/postgres',
      probe: { kind: 'tcp', intervalSec: 2 },
    });
    const h = await waitHealth(r.rule.id, 'unhealthy');
    expect(h.reason).toMatch(/refused/);
    const good = await w.forward({
      to: 'localhost:5432',
      target: 'statefulset/postgres',
      probe: { kind: 'tcp', intervalSec: 2 },
    });
    await waitHealth(good.rule.id, 'healthy');
  });

  it('a rule without a probe has no health, and a turned-off rule stops probing', async () => {
    const plain = await w.forward({ to: 'py-serv:80' });
    expect(healthOf(plain.rule.id)).toBeUndefined();
    const p = await w.forward({ to: 'py-serv:80', probe: { kind: 'tcp', intervalSec: 2 } });
    await waitHealth(p.rule.id, 'healthy');
    await w.engine.setEnabled(p.rule.id, false);
    expect(healthOf(p.rule.id)).toBeUndefined();
  });
});
