/**
 * The reads the pickers make beyond the namespace cache's pods and services: namespaces and the
 * workload kinds, listed with client-node (keep-alive clients), each under a time limit.
 */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import type { WorkloadKind } from '../../../shared/model.ts';
import { makeKeepAliveClient } from './keepalive-auth.ts';
import { toKubeError } from './kube-errors.ts';
import type { RawWorkload } from './picker-targets.ts';

export interface PickerApi {
  listNamespaces(): Promise<string[]>;
  listPods(namespace: string): Promise<V1Pod[]>;
  listServices(namespace: string): Promise<V1Service[]>;
  /** One kind's objects; rejects with a PortsideError (e.g. no Argo rollouts CRD). */
  listWorkloads(kind: Exclude<WorkloadKind, 'pod'>, namespace: string): Promise<RawWorkload[]>;
}

export const PICKER_TIMEOUT_MS = 10_000;

/** Rejects with a Network error after `ms`; the read itself is left to finish unobserved. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(
      () =>
        reject(
          new PortsideError(
            'Network',
            `${what}: no answer from the cluster in ${Math.round(ms / 1000)} s`,
          ),
        ),
      ms,
    );
    t.unref();
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

export function createPickerApi(kc: KubeConfig, timeoutMs = PICKER_TIMEOUT_MS): PickerApi {
  const core = makeKeepAliveClient(kc, CoreV1Api);
  const apps = makeKeepAliveClient(kc, AppsV1Api);
  const batch = makeKeepAliveClient(kc, BatchV1Api);
  const custom = makeKeepAliveClient(kc, CustomObjectsApi);
  const read = async <T>(what: string, namespace: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(call(), timeoutMs, `listing ${what}`);
    } catch (err) {
      throw err instanceof PortsideError ? err : toKubeError(err, what, namespace);
    }
  };
  const lists: Record<Exclude<WorkloadKind, 'pod'>, (ns: string) => Promise<RawWorkload[]>> = {
    deployment: async (namespace) => (await apps.listNamespacedDeployment({ namespace })).items,
    statefulset: async (namespace) => (await apps.listNamespacedStatefulSet({ namespace })).items,
    replicaset: async (namespace) => (await apps.listNamespacedReplicaSet({ namespace })).items,
    job: async (namespace) => (await batch.listNamespacedJob({ namespace })).items,
    // A CronJob's status.active lists Jobs, not a count: the picker reads only its template.
    cronjob: async (namespace) =>
      (await batch.listNamespacedCronJob({ namespace })).items.map(
        ({ status: _s, ...rest }) => rest,
      ),
    rollout: async (namespace) => {
      const res = (await custom.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace,
        plural: 'rollouts',
      })) as { items?: RawWorkload[] };
      return res.items ?? [];
    },
  };
  return {
    listNamespaces: () =>
      read('namespaces', '', async () =>
        (await core.listNamespace()).items.map((n) => n.metadata?.name ?? '').filter(Boolean),
      ),
    listPods: (namespace) =>
      read('pods', namespace, async () => (await core.listNamespacedPod({ namespace })).items),
    listServices: (namespace) =>
      read(
        'services',
        namespace,
        async () => (await core.listNamespacedService({ namespace })).items,
      ),
    listWorkloads: (kind, namespace) => read(`${kind}s`, namespace, () => lists[kind](namespace)),
  };
}
