import { CoreV1Api, makeInformer, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';
import { newMeta } from '../store/types.ts';

let t: TestSim;
let core: CoreV1Api;

beforeAll(async () => {
  t = await startTestSim({ scenario: 'demo', bookmarkIntervalMs: 100 });
  core = t.kc.makeApiClient(CoreV1Api);
  await t.sim.waitForWorkloads();
});
afterAll(() => t?.sim.close());

interface Seen {
  type: string;
  obj: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string };
}

/** Watches `path` with client-node's Watch and collects the events. */
async function watchEvents(path: string, query: Record<string, string | boolean>) {
  const seen: Seen[] = [];
  let ended: unknown = 'running';
  const ctl = await new Watch(t.kc).watch(
    path,
    query,
    (type, obj) => seen.push({ type, obj }),
    (err) => (ended = err ?? null),
  );
  return { seen, ctl, ended: () => ended };
}

describe('watch', () => {
  it('streams changes from a resourceVersion, with selectors and bookmarks', async () => {
    const list = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app=py-serv',
    });
    const w = await watchEvents('/api/v1/namespaces/default/pods', {
      resourceVersion: list.metadata!.resourceVersion!,
      labelSelector: 'app=py-serv',
      allowWatchBookmarks: true,
    });
    const victim = list.items[0]!.metadata!.name!;
    t.sim.deletePod('default', victim);
    await t.sim.waitFor(() =>
      w.seen.some((e) => e.type === 'DELETED' && e.obj.metadata?.name === victim),
    );
    await t.sim.waitFor(() => w.seen.some((e) => e.type === 'BOOKMARK'));
    const names = new Set(
      w.seen.filter((e) => e.type !== 'BOOKMARK').map((e) => e.obj.metadata?.name),
    );
    expect([...names].every((n) => n?.startsWith('py-serv-'))).toBe(true);
    const modified = w.seen.find((e) => e.type === 'MODIFIED' && e.obj.metadata?.name === victim);
    expect(modified).toBeDefined();
    w.ctl.abort();
  });

  it('sends the current objects as ADDED without a resourceVersion', async () => {
    const w = await watchEvents('/api/v1/namespaces/shop/pods', {});
    await t.sim.waitFor(() => w.seen.length >= 1);
    expect(w.seen[0]).toMatchObject({ type: 'ADDED' });
    expect(w.seen[0]!.obj.metadata?.name).toMatch(/^api-/);
    w.ctl.abort();
  });

  it('answers a compacted resourceVersion with ERROR 410 Expired', async () => {
    const old = (await core.listNamespacedPod({ namespace: 'default' })).metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'bump' } },
    });
    t.sim.compactWatchHistory();
    const w = await watchEvents('/api/v1/namespaces/default/pods', { resourceVersion: old });
    await t.sim.waitFor(() => w.ended() !== 'running');
    expect(w.seen).toEqual([
      {
        type: 'ERROR',
        obj: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }),
      },
    ]);
  });

  it('lets a client-node informer re-list after 410 and keep tracking pods', async () => {
    let lists = 0;
    const informer = makeInformer<V1Pod>(t.kc, '/api/v1/namespaces/default/pods', () => {
      lists++;
      return core.listNamespacedPod({ namespace: 'default' });
    });
    await informer.start();
    try {
      expect(informer.list('default').length).toBeGreaterThanOrEqual(3);
      expect(lists).toBe(1);
      // Hold the informer's re-watch back (latency) while the pod appears and history is compacted,
      // so its re-watch from the old resourceVersion gets 410 and it must re-list.
      t.sim.setLatency(300);
      expect(t.sim.closeWatches()).toBeGreaterThanOrEqual(1);
      t.sim.store.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: newMeta({ name: 'later', namespace: 'default', labels: { app: 'late' } }),
        spec: { containers: [{ name: 'c', image: 'portside/sim-echo:1' }] },
      });
      t.sim.compactWatchHistory();
      const got = await t.sim.waitFor(() => informer.get('later', 'default'));
      expect(got.metadata?.name).toBe('later');
      expect(lists).toBe(2);
    } finally {
      t.sim.setLatency(0);
      await informer.stop();
    }
  });

  it('sends Table rows on watch when kubectl asks for them', async () => {
    const list = await t.call('GET', '/api/v1/namespaces/shop/pods');
    const rv = list.json.metadata.resourceVersion;
    const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const pending = t.call(
      'GET',
      `/api/v1/namespaces/shop/pods?watch=true&resourceVersion=${rv}&timeoutSeconds=1`,
      { headers: { Accept: tableAccept } },
    );
    const pod = t.sim.listPods('shop')[0]!;
    t.sim.deletePod('shop', pod.metadata.name);
    const r = await pending;
    const events = r.text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { type: string; object: { kind: string; rows: { cells: unknown[] }[] } },
      );
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]!.object.kind).toBe('Table');
    expect(events.some((e) => e.object.rows[0]!.cells[2] === 'Terminating')).toBe(true);
  });
});
