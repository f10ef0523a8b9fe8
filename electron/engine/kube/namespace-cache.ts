/**
 * The resolution cache of one namespace: Pods and Services kept by watches, so resolving a new
 * connection reads memory instead of making API round trips. Resolution picks pods by the
 * service's selector exactly as the direct path does (like `kubectl port-forward svc/…`), so Pods
 * and Services are all it needs; EndpointSlices would add a watch nobody reads.
 *
 * Workload objects (Deployment, StatefulSet, …) are only read for their selector, which the API
 * server does not let change; they are remembered for `workloadTtlMs` and then read again (a
 * deleted and re-created workload is noticed then, or at once when its pods are gone).
 */
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import type { KubeApi, PodEvent } from './kube-api.ts';
import { labelMatcher } from './label-selector.ts';
import type { ListWatch } from './list-watch.ts';
import { startReflector, type ChangeType } from './reflector.ts';

export interface NamespaceCache {
  readonly namespace: string;
  /** Pods and Services synced and both watches open: the cache may answer. */
  ready(): boolean;
  /** Reads for resolution: pods and services from memory, everything else through `direct`. */
  readonly api: KubeApi;
  pod(name: string): V1Pod | undefined;
  /** Everything the watches hold now (pickers list targets from these). */
  pods(): V1Pod[];
  services(): V1Service[];
  /** Called on every pod or service change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Same contract as KubeApi.watchPod, fed by the namespace watch; ends when the cache stops. */
  watchPod(
    name: string,
    onEvent: (type: PodEvent, pod: V1Pod) => void,
    onEnd: (err?: unknown) => void,
  ): () => void;
  stop(): void;
}

export interface NamespaceCacheOptions {
  namespace: string;
  direct: KubeApi;
  source: ListWatch;
  clock: Clock;
  log: (message: string) => void;
  workloadTtlMs?: number;
  /** Reflector tuning (tests shorten the backoff). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface PodSubscriber {
  name: string;
  onEvent: (type: PodEvent, pod: V1Pod) => void;
  onEnd: (err?: unknown) => void;
}

const notFound = (what: string, ns: string): PortsideError =>
  new PortsideError('TargetNotFound', `${what} not found in namespace "${ns}"`);

/** Starts the pod and service watches of `namespace` at once. */
export function createNamespaceCache(o: NamespaceCacheOptions): NamespaceCache {
  const { namespace, direct, clock } = o;
  const subscribers = new Set<PodSubscriber>();
  const changeListeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of [...changeListeners]) l();
  };
  const tuning = {
    source: o.source,
    clock,
    log: o.log,
    namespace,
    ...(o.minBackoffMs !== undefined ? { minBackoffMs: o.minBackoffMs } : {}),
    ...(o.maxBackoffMs !== undefined ? { maxBackoffMs: o.maxBackoffMs } : {}),
  };
  const pods = startReflector<V1Pod>({
    ...tuning,
    kind: 'pods',
    onChange: (type: ChangeType, pod) => {
      for (const s of [...subscribers]) if (s.name === pod.metadata?.name) s.onEvent(type, pod);
      changed();
    },
  });
  const services = startReflector<V1Service>({ ...tuning, kind: 'services', onChange: changed });
  const matchers = new Map<string, ReturnType<typeof labelMatcher>>();
  const matcher = (sel: string | undefined): ReturnType<typeof labelMatcher> => {
    let m = matchers.get(sel ?? '');
    if (!m) {
      if (matchers.size > 256) matchers.clear();
      matchers.set(sel ?? '', (m = labelMatcher(sel)));
    }
    return m;
  };
  const memo = workloadMemo(clock, o.workloadTtlMs ?? 30_000);
  const mine = (ns: string): boolean => ns === namespace;

  const api: KubeApi = {
    ...direct,
    async getPod(ns, name) {
      if (!mine(ns)) return direct.getPod(ns, name);
      const pod = pods.get(name);
      if (!pod) throw notFound(`pod "${name}"`, ns);
      return pod;
    },
    async listPods(ns, sel) {
      if (!mine(ns)) return direct.listPods(ns, sel);
      const match = matcher(sel);
      return pods.list().filter((p) => match(p.metadata?.labels));
    },
    async getService(ns, name) {
      if (!mine(ns)) return direct.getService(ns, name);
      const svc = services.get(name);
      if (!svc) throw notFound(`service "${name}"`, ns);
      return svc;
    },
    getDeployment: (ns, n) => memo(`deployment/${ns}/${n}`, () => direct.getDeployment(ns, n)),
    getReplicaSet: (ns, n) => memo(`replicaset/${ns}/${n}`, () => direct.getReplicaSet(ns, n)),
    getStatefulSet: (ns, n) => memo(`statefulset/${ns}/${n}`, () => direct.getStatefulSet(ns, n)),
    getJob: (ns, n) => memo(`job/${ns}/${n}`, () => direct.getJob(ns, n)),
    getRollout: (ns, n) => memo(`rollout/${ns}/${n}`, () => direct.getRollout(ns, n)),
  };
  delete api.listWatch;

  return {
    namespace,
    ready: () => pods.ready && services.ready,
    api,
    pod: (name) => pods.get(name),
    pods: () => pods.list(),
    services: () => services.list(),
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    watchPod(name, onEvent, onEnd) {
      const s: PodSubscriber = { name, onEvent, onEnd };
      subscribers.add(s);
      return () => {
        if (subscribers.delete(s)) onEnd();
      };
    },
    stop() {
      pods.stop();
      services.stop();
      changeListeners.clear();
      const all = [...subscribers];
      subscribers.clear();
      for (const s of all) s.onEnd();
    },
  };
}

/** Remembers successful reads for `ttlMs` (concurrent callers share one read); failures are not kept. */
function workloadMemo(
  clock: Clock,
  ttlMs: number,
): <T>(key: string, read: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && clock.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = read();
    entries.set(key, { at: clock.now(), value });
    value.catch(() => entries.get(key)?.value === value && entries.delete(key));
    return value;
  };
}
