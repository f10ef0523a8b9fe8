/** An in-memory KubeApi and KubeSession for unit tests: pods, workloads, services, pod watches. */
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import type { KubeApi, PodEvent, Rollout } from '../kube/kube-api.ts';
import type { KubeSession } from '../kube/kube-session.ts';

type Obj = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  ready?: boolean;
  phase?: string;
  waiting?: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  containers?: string[];
  ip?: string;
  created?: string;
}

/** A complete-enough pod object. */
export function makePod(name: string, o: PodOptions = {}): V1Pod {
  const ready = o.ready ?? true;
  const containers = o.containers ?? ['app'];
  return {
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      labels: o.labels ?? {},
      creationTimestamp: new Date(o.created ?? '2024-01-01T00:00:00Z'),
    },
    spec: {
      containers: containers.map((c, i) => ({
        name: c,
        ...(i === 0 && o.ports ? { ports: o.ports } : {}),
      })),
    },
    status: {
      phase: o.phase ?? 'Running',
      podIP: o.ip ?? '10.0.0.1',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((c) => ({
        name: c,
        ready,
        restartCount: 0,
        image: 'x',
        imageID: 'x',
        state: o.waiting ? { waiting: { reason: o.waiting } } : { running: {} },
      })),
    },
  } as V1Pod;
}

const matches = (
  labels: Record<string, string> | undefined,
  selector: string | undefined,
): boolean => {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return k !== undefined && labels?.[k] === v;
  });
};

export interface FakeKube {
  api: KubeApi;
  objects: Map<string, unknown>;
  put(kind: string, obj: Obj): void;
  deletePod(namespace: string, name: string): void;
  updatePod(pod: V1Pod): void;
  /** Counts of API calls by method, to assert laziness. */
  calls: Map<string, number>;
  session(
    portForwardUrl: (ns: string, pod: string, port: number) => string,
    namespace?: string,
  ): KubeSession;
}

export function createFakeKube(): FakeKube {
  const objects = new Map<string, unknown>();
  const watchers = new Set<{ ns: string; name: string; fn: (t: PodEvent, p: V1Pod) => void }>();
  const calls = new Map<string, number>();
  const key = (kind: string, ns: string, name: string): string => `${kind}/${ns}/${name}`;
  const get = <T>(kind: string, ns: string, name: string): T => {
    calls.set(kind, (calls.get(kind) ?? 0) + 1);
    const o = objects.get(key(kind, ns, name));
    if (!o)
      throw new PortsideError('TargetNotFound', `${kind} "${name}" not found in namespace "${ns}"`);
    return structuredClone(o) as T;
  };
  const list = <T extends Obj>(kind: string, ns: string, selector?: string): T[] => {
    calls.set(`list ${kind}`, (calls.get(`list ${kind}`) ?? 0) + 1);
    return [...objects.entries()]
      .filter(([k]) => k.startsWith(`${kind}/${ns}/`))
      .map(([, o]) => structuredClone(o) as T)
      .filter((o) => matches(o.metadata?.labels, selector));
  };
  const notify = (type: PodEvent, pod: V1Pod): void => {
    for (const w of [...watchers])
      if (w.ns === pod.metadata?.namespace && w.name === pod.metadata?.name) w.fn(type, pod);
  };
  const api: KubeApi = {
    getPod: async (ns, n) => get('pod', ns, n),
    listPods: async (ns, sel) => list('pod', ns, sel),
    getService: async (ns, n) => get<V1Service>('service', ns, n),
    getDeployment: async (ns, n) => get('deployment', ns, n),
    getReplicaSet: async (ns, n) => get('replicaset', ns, n),
    getStatefulSet: async (ns, n) => get('statefulset', ns, n),
    getJob: async (ns, n) => get('job', ns, n),
    listJobs: async (ns) => list('job', ns),
    getCronJob: async (ns, n) => get('cronjob', ns, n),
    getRollout: async (ns, n) => get<Rollout>('rollout', ns, n),
    watchPod(ns, name, onEvent, onEnd) {
      const w = { ns, name, fn: onEvent };
      watchers.add(w);
      return () => {
        if (watchers.delete(w)) onEnd();
      };
    },
  };
  return {
    api,
    objects,
    calls,
    put(kind, obj) {
      const ns = obj.metadata?.namespace ?? 'default';
      objects.set(key(kind, ns, obj.metadata?.name ?? ''), obj);
      if (kind === 'pod') notify('MODIFIED', obj as V1Pod);
    },
    updatePod(pod) {
      objects.set(key('pod', pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? ''), pod);
      notify('MODIFIED', pod);
    },
    deletePod(ns, name) {
      const k = key('pod', ns, name);
      const pod = objects.get(k) as V1Pod | undefined;
      objects.delete(k);
      if (pod) notify('DELETED', pod);
    },
    session(url, namespace = 'default') {
      return {
        api,
        namespace,
        context: 'fake',
        portForwardRequest: async (ns, pod, port) => ({ url: url(ns, pod, port), options: {} }),
      };
    },
  };
}
