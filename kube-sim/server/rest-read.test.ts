import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';

let t: TestSim;
let core: CoreV1Api;

beforeAll(async () => {
  t = await startTestSim({ scenario: 'demo' });
  core = t.kc.makeApiClient(CoreV1Api);
  await t.sim.waitForWorkloads();
});
afterAll(() => t?.sim.close());

describe('lists with client-node 1.4.0', () => {
  it('filters by equality and set-based label selectors', async () => {
    const eq = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=py-serv' });
    expect(eq.items.map((p) => p.metadata?.name)).toHaveLength(2);
    const set = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app in (py-serv,postgres),!missing',
    });
    expect(set.items).toHaveLength(3);
    const none = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app notin (py-serv,postgres)',
    });
    expect(none.items).toHaveLength(0);
  });

  it('filters by fieldSelector metadata.name and lists across namespaces', async () => {
    const one = await core.listNamespacedPod({
      namespace: 'default',
      fieldSelector: 'metadata.name=postgres-0',
    });
    expect(one.items.map((p) => p.metadata?.name)).toEqual(['postgres-0']);
    const all = await core.listPodForAllNamespaces({});
    expect(all.items.map((p) => p.metadata?.namespace).sort()).toEqual([
      'default',
      'default',
      'default',
      'shop',
    ]);
    const shop = await core.listPodForAllNamespaces({ fieldSelector: 'metadata.namespace=shop' });
    expect(shop.items).toHaveLength(1);
  });

  it('pages with limit and continue', async () => {
    const first = await core.listPodForAllNamespaces({ limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const rest = await core.listPodForAllNamespaces({
      limit: 3,
      _continue: first.metadata!._continue!,
    });
    expect(rest.items).toHaveLength(1);
    expect(rest.metadata?._continue).toBeFalsy();
    const names = [...first.items, ...rest.items].map((p) => p.metadata?.name);
    expect(new Set(names).size).toBe(4);
  });

  it('returns pods completed like the apiserver (kubectl needs the defaults)', async () => {
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'postgres-0' });
    expect(pod.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(pod.spec?.containers[0]).toMatchObject({
      terminationMessagePath: '/dev/termination-log',
      imagePullPolicy: 'IfNotPresent',
      resources: {},
    });
    expect(pod.spec?.securityContext).toEqual({});
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.qosClass).toBe('BestEffort');
    expect(pod.status?.podIP).toMatch(/^10\.250\./);
    expect(pod.status?.podIPs).toEqual([{ ip: pod.status?.podIP }]);
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      name: 'postgres',
      ready: true,
      started: true,
      restartCount: 0,
      image: 'portside/sim-banner:1',
    });
    expect(pod.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\//);
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(
      expect.arrayContaining([
        'PodScheduled=True',
        'Initialized=True',
        'ContainersReady=True',
        'Ready=True',
      ]),
    );
  });

  it('answers missing objects with a NotFound Status', async () => {
    const r = await t.call('GET', '/api/v1/namespaces/default/pods/nope');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      details: { name: 'nope', kind: 'pods' },
    });
    await expect(
      core.readNamespacedPod({ namespace: 'default', name: 'nope' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('rejects missing or wrong tokens with 401 Unauthorized', async () => {
    for (const token of [null, 'wrong']) {
      const r = await t.call('GET', '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });
});

describe('tables and discovery', () => {
  const tableAccept =
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

  it('serves a meta.k8s.io Table with READY/STATUS/RESTARTS/AGE for pods', async () => {
    const r = await t.call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dpy-serv', {
      headers: { Accept: tableAccept },
    });
    expect(r.json.kind).toBe('Table');
    expect(r.json.apiVersion).toBe('meta.k8s.io/v1');
    expect(r.json.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
    ]);
    expect(r.json.rows).toHaveLength(2);
    expect(r.json.rows[0].cells.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(r.json.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { namespace: 'default' },
    });
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('answers JSON when protobuf is offered first', async () => {
    const r = await t.call('GET', '/api/v1/namespaces/default/pods/postgres-0', {
      headers: { Accept: 'application/vnd.kubernetes.protobuf,application/json' },
    });
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json.kind).toBe('Pod');
  });

  it('serves legacy discovery for every group', async () => {
    const api = await t.call('GET', '/api');
    expect(api.json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = await t.call('GET', '/apis');
    expect(groups.json.groups.map((g: { name: string }) => g.name)).toEqual([
      'apps',
      'batch',
      'discovery.k8s.io',
      'argoproj.io',
    ]);
    const v1 = await t.call('GET', '/api/v1');
    const names = v1.json.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/portforward',
        'pods/exec',
        'pods/ephemeralcontainers',
        'pods/log',
        'services',
        'endpoints',
        'namespaces',
      ]),
    );
    expect(
      v1.json.resources.find((r: { name: string }) => r.name === 'pods/portforward'),
    ).toMatchObject({ kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    const apps = await t.call('GET', '/apis/apps/v1');
    expect(
      apps.json.resources.find((r: { name: string }) => r.name === 'deployments'),
    ).toMatchObject({ shortNames: ['deploy'], namespaced: true });
    for (const path of [
      '/apis/batch/v1',
      '/apis/argoproj.io/v1alpha1',
      '/apis/discovery.k8s.io/v1',
      '/version',
    ]) {
      expect((await t.call('GET', path)).status).toBe(200);
    }
  });

  it('returns pods/log from the runtime', async () => {
    const r = await t.call('GET', '/api/v1/namespaces/default/pods/postgres-0/log?tailLines=1');
    expect(r.status).toBe(200);
    expect(r.text).toBe('log line 2\n');
    const bad = await t.call(
      'GET',
      '/api/v1/namespaces/default/pods/postgres-0/log?container=nope',
    );
    expect(bad.status).toBe(400);
  });
});
