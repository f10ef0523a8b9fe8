import { describe, expect, it } from 'vitest';
import { createAdmit } from './defaults.ts';
import { Store } from './store.ts';
import { newMeta, type KubeObject, type StoreEvent } from './types.ts';

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: newMeta({ name, namespace: 'default' }),
  data,
});

describe('Store', () => {
  it('assigns identity, bumps resourceVersion per write and skips no-op updates', () => {
    const store = new Store();
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    const a = store.create('configmaps', cm('a', { x: '1' }));
    expect(a.metadata.uid).toBeTruthy();
    expect(a.metadata.creationTimestamp).toMatch(/Z$/);
    const same = store.update('configmaps', { ...a, metadata: { ...a.metadata, uid: 'forged' } });
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(same.metadata.uid).toBe(a.metadata.uid);
    const changed = store.update('configmaps', { ...a, data: { x: '2' } });
    expect(Number(changed.metadata.resourceVersion)).toBeGreaterThan(
      Number(a.metadata.resourceVersion),
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[1]!.old?.data).toEqual({ x: '1' });
    expect(() => store.update('configmaps', a, { checkVersion: true })).toThrow(
      expect.objectContaining({ code: 409, reason: 'Conflict' }),
    );
    expect(() => store.create('configmaps', cm('a'))).toThrow(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
  });

  it('bumps generation on spec changes only', () => {
    const store = new Store();
    store.admit = createAdmit(store);
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: newMeta({ name: 'default' }),
    });
    const d = store.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: newMeta({ name: 'd', namespace: 'default' }),
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'i:1' }] },
        },
      },
    });
    expect(d.metadata.generation).toBe(1);
    const statusOnly = store.mutate(
      'deployments.apps',
      'default',
      'd',
      (o) => (o.status = { replicas: 1 }),
    )!;
    expect(statusOnly.metadata.generation).toBe(1);
    const scaled = store.mutate('deployments.apps', 'default', 'd', (o) => (o.spec.replicas = 3))!;
    expect(scaled.metadata.generation).toBe(2);
  });

  it('lists in key order and replays history until compacted', () => {
    const store = new Store();
    for (const n of ['b', 'a-2', 'a', 'a.1']) store.create('configmaps', cm(n));
    expect(store.list('configmaps').map((o) => o.metadata.name)).toEqual(['a', 'a-2', 'a.1', 'b']);
    const rv = store.resourceVersion;
    store.remove('configmaps', 'default', 'b');
    expect(store.since(rv)?.map((e) => e.type)).toEqual(['DELETED']);
    store.compact();
    expect(store.since(rv)).toBeUndefined();
    expect(store.since(store.resourceVersion)).toEqual([]);
  });

  it('expires history beyond its limit', () => {
    const store = new Store({ historyLimit: 2 });
    const start = store.resourceVersion;
    for (const n of ['a', 'b', 'c']) store.create('configmaps', cm(n));
    expect(store.since(start)).toBeUndefined();
    expect(store.since(start + 1)?.length).toBe(2);
  });
});
