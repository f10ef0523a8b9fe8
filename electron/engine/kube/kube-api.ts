/**
 * The thin kube API layer the engine reads through. An interface so tests pass an in-memory fake;
 * `createKubeApi` implements it with client-node 1.x (one object parameter per call).
 */
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Watch,
  type KubeConfig,
  type V1CronJob,
  type V1Deployment,
  type V1Job,
  type V1LabelSelector,
  type V1Pod,
  type V1ReplicaSet,
  type V1Service,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { makeKeepAliveClient, type RequestLimits } from './keepalive-auth.ts';
import { toKubeError } from './kube-errors.ts';
import { forgetExecCredentials } from './credential-refresh.ts';
import { API_TIMEOUT_MS, apiTimeoutError, isAbortError } from './time-limits.ts';
import { createListWatch, type ListWatch } from './list-watch.ts';

/** An Argo rollout, as far as the engine reads it. */
export interface Rollout {
  metadata?: { name?: string; namespace?: string };
  spec?: { selector?: V1LabelSelector; workloadRef?: { kind?: string; name?: string } };
}

export type PodEvent = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface KubeApi {
  getPod(namespace: string, name: string): Promise<V1Pod>;
  listPods(namespace: string, labelSelector?: string): Promise<V1Pod[]>;
  getService(namespace: string, name: string): Promise<V1Service>;
  getDeployment(namespace: string, name: string): Promise<V1Deployment>;
  getReplicaSet(namespace: string, name: string): Promise<V1ReplicaSet>;
  getStatefulSet(namespace: string, name: string): Promise<V1StatefulSet>;
  getJob(namespace: string, name: string): Promise<V1Job>;
  listJobs(namespace: string): Promise<V1Job[]>;
  getCronJob(namespace: string, name: string): Promise<V1CronJob>;
  getRollout(namespace: string, name: string): Promise<Rollout>;
  /** Watches one pod; `onEnd` runs once when the watch stops for any reason. Returns a stop function. */
  watchPod(
    namespace: string,
    name: string,
    onEvent: (type: PodEvent, pod: V1Pod) => void,
    onEnd: (err?: unknown) => void,
  ): () => void;
  /** List + watch for the resolution cache; without it (test fakes) resolution reads directly. */
  listWatch?: ListWatch;
}

type Read = <T>(what: string, namespace: string, call: () => Promise<T>) => Promise<T>;

const refused = (err: unknown): boolean => err instanceof ApiException && err.code === 401;

/**
 * Runs reads and turns client-node failures into PortsideErrors naming what was looked for. A 401
 * is retried once with fresh exec-plugin credentials (rotated tokens; credential-refresh.ts).
 */
function reader(kc: KubeConfig, apiMs: number): Read {
  return async (what, namespace, call) => {
    try {
      return await call().catch((err: unknown) => {
        if (!refused(err)) throw err;
        forgetExecCredentials(kc);
        return call();
      });
    } catch (err) {
      if (isAbortError(err)) throw apiTimeoutError(`reading ${what} in "${namespace}"`, apiMs);
      throw toKubeError(err, what, namespace);
    }
  };
}

/** The KubeApi over a loaded KubeConfig; every read is bounded by `limits` (time-limits.ts). */
export function createKubeApi(kc: KubeConfig, limits: RequestLimits = {}): KubeApi {
  const core = makeKeepAliveClient(kc, CoreV1Api, limits);
  const apps = makeKeepAliveClient(kc, AppsV1Api, limits);
  const batch = makeKeepAliveClient(kc, BatchV1Api, limits);
  const custom = makeKeepAliveClient(kc, CustomObjectsApi, limits);
  const read = reader(kc, limits.apiMs ?? API_TIMEOUT_MS);
  return {
    getPod: (namespace, name) =>
      read(`pod "${name}"`, namespace, () => core.readNamespacedPod({ namespace, name })),
    listPods: (namespace, labelSelector) =>
      read(
        'pods',
        namespace,
        async () => (await core.listNamespacedPod({ namespace, labelSelector })).items,
      ),
    getService: (namespace, name) =>
      read(`service "${name}"`, namespace, () => core.readNamespacedService({ namespace, name })),
    getDeployment: (namespace, name) =>
      read(`deployment "${name}"`, namespace, () =>
        apps.readNamespacedDeployment({ namespace, name }),
      ),
    getReplicaSet: (namespace, name) =>
      read(`replicaset "${name}"`, namespace, () =>
        apps.readNamespacedReplicaSet({ namespace, name }),
      ),
    getStatefulSet: (namespace, name) =>
      read(`statefulset "${name}"`, namespace, () =>
        apps.readNamespacedStatefulSet({ namespace, name }),
      ),
    getJob: (namespace, name) =>
      read(`job "${name}"`, namespace, () => batch.readNamespacedJob({ namespace, name })),
    listJobs: (namespace) =>
      read('jobs', namespace, async () => (await batch.listNamespacedJob({ namespace })).items),
    getCronJob: (namespace, name) =>
      read(`cronjob "${name}"`, namespace, () => batch.readNamespacedCronJob({ namespace, name })),
    getRollout: (namespace, name) =>
      read(
        `rollout "${name}"`,
        namespace,
        async () =>
          (await custom.getNamespacedCustomObject({
            group: 'argoproj.io',
            version: 'v1alpha1',
            namespace,
            plural: 'rollouts',
            name,
          })) as Rollout,
      ),
    watchPod: (namespace, name, onEvent, onEnd) => watchOnePod(kc, namespace, name, onEvent, onEnd),
    listWatch: createListWatch(kc, { core }),
  };
}

function watchOnePod(
  kc: KubeConfig,
  namespace: string,
  name: string,
  onEvent: (type: PodEvent, pod: V1Pod) => void,
  onEnd: (err?: unknown) => void,
): () => void {
  let ended = false;
  let abort: AbortController | undefined;
  let stopped = false;
  const end = (err?: unknown): void => {
    if (ended) return;
    ended = true;
    onEnd(err);
  };
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  new Watch(kc)
    .watch(
      path,
      { fieldSelector: `metadata.name=${name}` },
      (type, obj) => {
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
          onEvent(type, obj as V1Pod);
      },
      (err) => end(err),
    )
    .then(
      (ctl) => {
        abort = ctl;
        if (stopped) ctl.abort();
      },
      (err: unknown) => end(err),
    );
  return () => {
    stopped = true;
    abort?.abort();
    end();
  };
}
