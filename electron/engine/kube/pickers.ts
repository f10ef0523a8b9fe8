/**
 * The cluster pickers: contexts from the kubeconfig (watched), namespaces, and the targets of a
 * namespace. Pods and services come from the same watch-backed namespace cache the forwarder
 * resolves with (kube/cache-pool.ts), held while a picker shows that namespace, so its changes
 * reach the UI as `kube:changed` events; workloads are listed on each ask.
 */
import { PortsideError, errorText, type ErrorKind } from '../../../shared/errors.ts';
import type { KubeChange, KubeTargets, WorkloadInfo, WorkloadKind } from '../../../shared/model.ts';
import type { KubePickers } from '../api/engine.ts';
import type { Clock } from '../clock.ts';
import { createCachePool, type CachePool } from './cache-pool.ts';
import { createNamespaceWatches } from './namespace-watch.ts';
import type { Cluster, ClusterSessions } from './cluster-sessions.ts';
import { podInfo, serviceInfo, sortWorkloads, workloadInfo } from './picker-targets.ts';

const WORKLOAD_KINDS: ReadonlyArray<Exclude<WorkloadKind, 'pod'>> = [
  'deployment',
  'statefulset',
  'replicaset',
  'job',
  'cronjob',
  'rollout',
];

export interface PickersDeps {
  clusters: ClusterSessions;
  clock: Clock;
  log: (message: string) => void;
  /** Namespaces kept watched after the picker moved on (switching back is instant). */
  keepNamespaces?: number;
  /** Least time between two change events for one namespace. */
  throttleMs?: number;
}

export interface PickerService extends KubePickers {
  /** The kubeconfig changed these contexts (`''`: the current one moved). */
  kubeconfigChanged(contexts: ReadonlySet<string>): void;
  dispose(): void;
}

interface Held {
  key: string;
  context: string;
  off: () => void;
}

export function createPickers(deps: PickersDeps): PickerService {
  const pool: CachePool = createCachePool({ clock: deps.clock, log: deps.log });
  const listeners = new Set<(c: KubeChange) => void>();
  const held: Held[] = [];
  const keep = deps.keepNamespaces ?? 3;
  const emit = (c: KubeChange): void => {
    for (const l of [...listeners]) l(c);
  };
  const nsChanged = new Map<string, () => void>();
  const namespaceWatches = createNamespaceWatches({
    clock: deps.clock,
    log: deps.log,
    onChange(context) {
      let fire = nsChanged.get(context);
      if (!fire) {
        fire = throttled(deps, () => emit({ what: 'namespaces', context }));
        nsChanged.set(context, fire);
      }
      fire();
    },
  });
  const release = (h: Held): void => {
    h.off();
    pool.release(h);
  };

  /** Holds (and starts) the cache of (context, namespace); the oldest beyond `keep` are let go. */
  function hold(cluster: Cluster, context: string, namespace: string) {
    const key = `${context}\u0000${namespace}`;
    const i = held.findIndex((h) => h.key === key);
    if (i >= 0) held.push(...held.splice(i, 1));
    else {
      const h: Held = { key, context, off: () => undefined };
      const cache = pool.use(cluster.session, namespace, h);
      if (cache)
        h.off = cache.onChange(
          throttled(deps, () => emit({ what: 'targets', context, namespace })),
        );
      held.push(h);
      while (held.length > keep) release(held.shift() as Held);
    }
    return pool.find(cluster.session, namespace);
  }

  async function workloads(cluster: Cluster, namespace: string, warnings: string[]) {
    const lists = await Promise.allSettled(
      WORKLOAD_KINDS.map((k) => cluster.picker.listWorkloads(k, namespace)),
    );
    const out: WorkloadInfo[] = [];
    lists.forEach((r, i) => {
      const kind = WORKLOAD_KINDS[i] as Exclude<WorkloadKind, 'pod'>;
      if (r.status === 'fulfilled') {
        for (const w of r.value) {
          const info = workloadInfo(kind, w);
          if (info) out.push(info);
        }
      } else if (!(kind === 'rollout' && isKind(r.reason, 'TargetNotFound'))) {
        // Argo Rollouts is optional: a cluster without its CRD simply has none.
        warnings.push(`${kind}s: ${errorText(r.reason)}`);
      }
    });
    return out;
  }

  return {
    contexts: () => deps.clusters.contexts(),
    async namespaces(context) {
      const c = await deps.clusters.cluster(context);
      try {
        const names =
          namespaceWatches.names(context, c.session) ?? (await c.picker.listNamespaces());
        return [...names].sort();
      } catch (err) {
        // Many clusters let a user work in a namespace without listing them all: offer that one.
        if (isKind(err, 'Forbidden')) return [c.session.namespace];
        throw err;
      }
    },
    async targets(context, namespace): Promise<KubeTargets> {
      const c = await deps.clusters.cluster(context);
      const cache = hold(c, context, namespace);
      const warnings: string[] = [];
      const ready = cache?.ready() ? cache : undefined;
      const [pods, services, listed] = await Promise.all([
        ready ? ready.pods() : c.picker.listPods(namespace),
        ready ? ready.services() : c.picker.listServices(namespace),
        workloads(c, namespace, warnings),
      ]);
      const podInfos = pods.map(podInfo).filter((p): p is WorkloadInfo => p !== undefined);
      const svcInfos = services
        .map(serviceInfo)
        .filter((s) => s !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name));
      return {
        context,
        namespace,
        workloads: capped(sortWorkloads([...listed, ...podInfos]), 'targets', warnings),
        services: capped(svcInfos, 'services', warnings),
        warnings,
      };
    },
    onChanged(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    kubeconfigChanged(contexts) {
      // Pickers always name their context, so only those contexts' caches are stale.
      for (const h of [...held]) {
        if (!contexts.has(h.context)) continue;
        held.splice(held.indexOf(h), 1);
        release(h);
      }
      namespaceWatches.drop(contexts);
      deps.clusters.drop(contexts);
      emit({ what: 'contexts' });
    },
    dispose() {
      namespaceWatches.dispose();
      for (const h of held.splice(0)) release(h);
      pool.dispose();
      listeners.clear();
    },
  };
}

/** What one answer lists at most (a namespace of thousands of pods stays a bounded message). */
export const MAX_LISTED = 2000;

function capped<T>(list: T[], what: string, warnings: string[]): T[] {
  if (list.length <= MAX_LISTED) return list;
  warnings.push(`showing the first ${MAX_LISTED} of ${list.length} ${what}`);
  return list.slice(0, MAX_LISTED);
}

const isKind = (err: unknown, kind: ErrorKind): boolean =>
  err instanceof PortsideError && err.kind === kind;

/** Calls `fn` at most once per `throttleMs`, trailing (a burst ends with one call). */
function throttled(deps: PickersDeps, fn: () => void): () => void {
  const every = deps.throttleMs ?? 500;
  let pending = false;
  let last = -Infinity;
  return () => {
    if (pending) return;
    pending = true;
    const wait = Math.max(0, last + every - deps.clock.now());
    deps.clock.setTimeout(() => {
      pending = false;
      last = deps.clock.now();
      fn();
    }, wait);
  };
}
