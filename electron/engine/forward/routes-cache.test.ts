/** Route resolution through the namespace cache, and every way it falls back to direct reads. */
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalMapping, Target } from '../../../shared/mirrord-syntax/types.ts';
import { systemClock } from '../clock.ts';
import { createNamespaceCache, type NamespaceCache } from '../kube/namespace-cache.ts';
import { createFakeKube, makePod, type FakeKube } from '../testing/fake-kube.ts';
import { createFakeListWatch, type FakeListWatch } from '../testing/fake-list-watch.ts';
import { until } from '../../../testing/wait.ts';
import { createRouteResolver, type RouteRequest } from './routes.ts';

const svc = (name: string, ns = 'default'): V1Service => ({
  metadata: { name, namespace: ns },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 'http' as never }] },
});
const pod = (name: string, app: string, o: { ready?: boolean; ns?: string } = {}): V1Pod =>
  makePod(name, {
    labels: { app },
    namespace: o.ns ?? 'default',
    ready: o.ready ?? true,
    ports: [{ name: 'http', containerPort: 8080 }],
  });

interface Fixture {
  kube: FakeKube;
  src: FakeListWatch;
  caches: Map<string, NamespaceCache>;
  starts: string[];
  logs: string[];
  req(host: string, target?: Target): RouteRequest;
  /** Puts an object both in the API (direct reads) and in what the watches report. */
  put(kind: 'pods' | 'services', obj: V1Pod | V1Service): void;
  directPodReads(): number;
}

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

function fixture(): Fixture {
  const kube = createFakeKube();
  const src = createFakeListWatch();
  const caches = new Map<string, NamespaceCache>();
  const starts: string[] = [];
  const logs: string[] = [];
  const session = kube.session(() => 'ws://unused');
  const cached = (ns: string, start: boolean) => {
    let c = caches.get(ns);
    if (!c && start) {
      starts.push(ns);
      const opts = {
        namespace: ns,
        direct: kube.api,
        source: src,
        clock: systemClock,
        log: () => {},
      };
      caches.set(ns, (c = createNamespaceCache(opts)));
      stops.push(() => c?.stop());
    }
    return c?.ready() ? c.api : undefined;
  };
  return {
    kube,
    src,
    caches,
    starts,
    logs,
    req: (host, target = { kind: 'targetless' }) => ({
      session,
      namespace: 'default',
      mapping: { localPort: 1, remoteHost: host, remotePort: 80 } satisfies LocalMapping,
      target,
      cached,
      log: (m) => logs.push(m),
    }),
    put(kind, obj) {
      kube.put(kind === 'pods' ? 'pod' : 'service', obj as never);
      src.put(kind, obj as never);
    },
    directPodReads: () => (kube.calls.get('list pod') ?? 0) + (kube.calls.get('pod') ?? 0),
  };
}

describe('resolution through the namespace cache', () => {
  it('resolves a service host from memory once synced, skipping a not-ready pod', async () => {
    const f = fixture();
    f.put('services', svc('web'));
    f.put('pods', pod('web-1', 'web'));
    f.put('pods', pod('web-2', 'web', { ready: false }));
    const resolver = createRouteResolver();
    // The first connection starts the cache and is answered directly meanwhile.
    expect(await resolver.resolve(f.req('web'))).toMatchObject({ route: 'service', port: 8080 });
    expect(f.directPodReads()).toBe(1);
    await until(() => f.caches.get('default')?.ready(), 'cache ready');
    const pods = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const plan = await resolver.resolve(f.req('web.default.svc.cluster.local'));
      if (plan.route === 'service') pods.add(plan.pod);
    }
    expect([...pods]).toEqual(['web-1']);
    expect(f.directPodReads()).toBe(1);
    expect(f.kube.calls.get('service')).toBe(1);
    // Readiness changes are seen through the watch: both pods now take turns.
    f.src.put('pods', pod('web-2', 'web'));
    for (let i = 0; i < 4; i++) {
      const plan = await resolver.resolve(f.req('web'));
      if (plan.route === 'service') pods.add(plan.pod);
    }
    expect([...pods].sort()).toEqual(['web-1', 'web-2']);
    expect(f.directPodReads()).toBe(1);
  });

  it('targets read their workload once per TTL and their pods from memory', async () => {
    const f = fixture();
    f.kube.put('deployment', {
      metadata: { name: 'api' },
      spec: { selector: { matchLabels: { app: 'api' } } },
    } as never);
    f.put('pods', pod('api-1', 'api'));
    const target: Target = { kind: 'deployment', name: 'api' };
    const resolver = createRouteResolver();
    await resolver.resolve(f.req('localhost', target));
    await until(() => f.caches.get('default')?.ready(), 'cache ready');
    for (let i = 0; i < 5; i++)
      expect(await resolver.resolve(f.req('localhost', target))).toMatchObject({ pod: 'api-1' });
    expect(f.kube.calls.get('deployment')).toBe(2); // the direct first read + one memoized read
    expect(f.directPodReads()).toBe(1);
  });

  it('re-checks a failure from the cache with direct reads (the cache may lag)', async () => {
    const f = fixture();
    f.put('services', svc('web'));
    const resolver = createRouteResolver();
    await resolver.resolve(f.req('web')).catch(() => undefined);
    await until(() => f.caches.get('default')?.ready(), 'cache ready');
    f.kube.put('pod', pod('web-9', 'web')); // the API has it, the watch has not told us yet
    expect(await resolver.resolve(f.req('web'))).toMatchObject({ pod: 'web-9' });
    expect(f.logs.at(-1)).toMatch(
      /^resolution cache: service in default: "no Ready pod behind service\/web in default: no pods" from the cache; re-checking with direct API reads$/,
    );
  });

  it('reads directly while the cache is not ready (watch refused), and from memory once it is', async () => {
    const f = fixture();
    f.put('services', svc('web'));
    f.put('pods', pod('web-1', 'web'));
    f.src.refuse = true;
    const resolver = createRouteResolver();
    for (let i = 0; i < 3; i++)
      expect(await resolver.resolve(f.req('web'))).toMatchObject({ pod: 'web-1' });
    expect(f.directPodReads()).toBe(3);
    expect(f.caches.get('default')?.ready()).toBe(false);
    f.src.refuse = false;
    await until(() => f.caches.get('default')?.ready(), 'cache ready after the refusal', 3000);
    await resolver.resolve(f.req('web'));
    expect(f.directPodReads()).toBe(3);
  });

  it('watches another namespace only once a service was found there', async () => {
    const f = fixture();
    f.put('services', svc('db', 'data'));
    f.put('pods', pod('db-0', 'db', { ns: 'data' }));
    const resolver = createRouteResolver();
    expect(await resolver.resolve(f.req('example.com'))).toMatchObject({ route: 'agent' });
    expect(f.starts).toEqual([]);
    expect(await resolver.resolve(f.req('db.data'))).toMatchObject({
      route: 'service',
      pod: 'db-0',
    });
    expect(f.starts).toEqual(['data']);
    await until(() => f.caches.get('data')?.ready(), 'cache of data ready');
    const before = f.directPodReads();
    await resolver.resolve(f.req('db.data'));
    expect(f.directPodReads()).toBe(before);
  });
});
