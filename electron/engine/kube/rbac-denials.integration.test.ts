/**
 * docs/rbac.yaml against kube-sim's per-verb deny switches: take away a verb the Role grants and
 * Portside's connection ends with the API server's denial in words; give it back and it works.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../testing/wait.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import type { Verb } from '../../../kube-sim/control/rbac-deny.ts';

let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function failedReason(world: SimWorld, port: number, ruleId: string): Promise<string> {
  await rawRequest(port).catch(() => undefined);
  const c = await until(
    () => world.engine.listConnections(ruleId).find((x) => x.state === 'failed' && x.reason),
    'a failed connection with a reason',
  );
  return c.reason as string;
}

describe('RBAC denials (docs/rbac.yaml verbs)', () => {
  const cases: Array<[string, Array<[Verb, string]>, RegExp]> = [
    [
      'reading Services (targetless -L)',
      [
        ['get', 'services'],
        ['list', 'services'],
        ['watch', 'services'],
      ],
      /services.* is forbidden: User "system:serviceaccount:default:portside" cannot (get|list|watch) resource "services"/,
    ],
    [
      'pods/portforward',
      [['create', 'pods/portforward']],
      /pods ".+" is forbidden: User "system:serviceaccount:default:portside" cannot create resource "pods\/portforward"/,
    ],
  ];
  it.each(cases)('without %s a connection ends with the denial in words', async (_n, verbs, re) => {
    w = await startSimWorld();
    for (const [verb, resource] of verbs) w.sim.denyVerb(verb, resource);
    const { port, rule } = await w.forward({ to: 'py-serv:80' });
    expect(await failedReason(w, port, rule.id)).toMatch(re);
    w.sim.allowAll();
    await until(async () => (await rawRequest(port)).status === 200, 'forwarding once allowed');
  });
});
