import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim({ scenario: 'demo' });
  await t.sim.waitForWorkloads({ timeoutMs: 20_000 });
});
afterAll(async () => t.sim.close());

describe('denying a verb on a resource (RBAC stand-in)', () => {
  it('answers 403 in the API server words for exactly that verb and resource', async () => {
    const pod = t.sim.readyPods('default', 'app=py-serv')[0]!.metadata.name;
    const path = `/api/v1/namespaces/default/pods/${pod}/ephemeralcontainers`;
    const patch = {
      body: { spec: { ephemeralContainers: [{ name: 'x', image: 'node:20' }] } },
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    };
    const ok = await t.call('POST', '/sim/v1/rbac-deny', {
      body: { verb: 'patch', resource: 'pods/ephemeralcontainers' },
    });
    expect(ok.status).toBe(200);
    const denied = await t.call('PATCH', path, patch);
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(denied.json.message).toBe(
      `pods "${pod}" is forbidden: User "system:serviceaccount:default:portside" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"`,
    );
    expect((await t.call('GET', `/api/v1/namespaces/default/pods/${pod}`)).status).toBe(200);
    await t.call('POST', '/sim/v1/rbac-allow-all', { body: {} });
    expect((await t.call('PATCH', path, patch)).status).toBe(200);
  });
});
