import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';
import { newMeta } from '../store/types.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim({ scenario: 'demo' });
  await t.sim.waitForWorkloads();
});
afterAll(() => t?.sim.close());

interface Subset {
  addresses?: { ip: string; targetRef: { name: string } }[];
  notReadyAddresses?: { ip: string; targetRef: { name: string } }[];
  ports: { name?: string; port: number }[];
}

const subsets = (ns: string, name: string): Subset[] =>
  (t.sim.get('endpoints', ns, name)?.subsets as Subset[] | undefined) ?? [];

describe('Service → Endpoints / EndpointSlices', () => {
  it('lists ready pods with named targetPorts resolved per pod', () => {
    const [s] = subsets('default', 'py-serv');
    expect(s!.addresses).toHaveLength(2);
    expect(s!.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(subsets('shop', 'api')[0]!.ports[0]!.port).toBe(8080);
    const slices = t.sim.list(
      'endpointslices.discovery.k8s.io',
      'default',
      'kubernetes.io/service-name=py-serv',
    );
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toHaveLength(2);
    expect(slices[0]!.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
  });

  it('moves a pod forced not-ready to notReadyAddresses, and back', async () => {
    const pod = t.sim.readyPods('default', 'app=py-serv')[0]!;
    t.sim.setPodReady('default', pod.metadata.name, false);
    await t.sim.waitFor(
      () =>
        subsets('default', 'py-serv')[0]?.notReadyAddresses?.[0]?.targetRef.name ===
        pod.metadata.name,
    );
    expect(subsets('default', 'py-serv')[0]!.addresses).toHaveLength(1);
    const notReady = t.sim.getPod('default', pod.metadata.name)!;
    expect(notReady.status.containerStatuses[0].ready).toBe(false);
    expect(
      notReady.status.conditions.find((c: { type: string }) => c.type === 'Ready').status,
    ).toBe('False');
    t.sim.setPodReady('default', pod.metadata.name, true);
    await t.sim.waitFor(() => subsets('default', 'py-serv')[0]?.addresses?.length === 2);
  });

  it('groups pods whose named port resolves differently into separate subsets', async () => {
    const pod = (name: string, port: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: newMeta({ name, namespace: 'default', labels: { app: 'mixed' } }),
      spec: {
        containers: [
          {
            name: 'c',
            image: 'portside/sim-http:1',
            ports: [{ name: 'web', containerPort: port }],
          },
        ],
      },
    });
    t.sim.store.create('pods', pod('m1', 8080));
    t.sim.store.create('pods', pod('m2', 9090));
    t.sim.store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: newMeta({ name: 'mixed', namespace: 'default' }),
      spec: { selector: { app: 'mixed' }, ports: [{ port: 80, targetPort: 'web' }] },
    });
    const got = await t.sim.waitFor(() =>
      subsets('default', 'mixed').length === 2 &&
      subsets('default', 'mixed').every((s) => s.addresses?.length === 1)
        ? subsets('default', 'mixed')
        : undefined,
    );
    expect(got.map((s) => s.ports[0]!.port).sort()).toEqual([8080, 9090]);
    expect(
      t.sim.list('endpointslices.discovery.k8s.io', 'default', 'kubernetes.io/service-name=mixed'),
    ).toHaveLength(2);
  });

  it('deletes the Endpoints and slices with the Service', async () => {
    t.sim.store.remove('services', 'default', 'mixed');
    await t.sim.waitFor(
      () =>
        !t.sim.get('endpoints', 'default', 'mixed') &&
        t.sim.list('endpointslices.discovery.k8s.io', 'default', 'kubernetes.io/service-name=mixed')
          .length === 0,
    );
  });
});

describe('namespaces and garbage collection', () => {
  it('deleting a Deployment removes its ReplicaSets and pods', async () => {
    t.sim.store.remove('deployments.apps', 'shop', 'api');
    await t.sim.waitFor(
      () =>
        t.sim.list('replicasets.apps', 'shop').length === 0 && t.sim.listPods('shop').length === 0,
    );
  });

  it('deleting a namespace removes its contents, then itself', async () => {
    const r = await t.call('DELETE', '/api/v1/namespaces/shop');
    expect(r.status).toBe(200);
    expect(r.json.status.phase).toBe('Terminating');
    await t.sim.waitFor(() => !t.sim.get('namespaces', undefined, 'shop'));
    expect(t.sim.list('services', 'shop')).toHaveLength(0);
  });
});
