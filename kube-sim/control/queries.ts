/** Read helpers over the store for tests: get/list with selectors and waiting for pods. */
import { parseLabelSelector } from '../store/selectors.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { waitFor, type WaitOptions } from './wait.ts';

export type Selector = string | Record<string, string>;

export interface SimQueries {
  /** One object by store key (`pods`, `deployments.apps`, …). */
  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Objects of a type, optionally in one namespace and matching a label selector. */
  list(key: string, namespace?: string, selector?: Selector): KubeObject[];
  getPod(namespace: string, name: string): KubeObject | undefined;
  listPods(namespace?: string, selector?: Selector): KubeObject[];
  /** Pods that are Running, Ready and not terminating. */
  readyPods(namespace?: string, selector?: Selector): KubeObject[];
  /** Waits until `check` returns a truthy value (re-checked on every change). */
  waitFor<T>(
    check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    opts?: WaitOptions,
  ): Promise<T>;
  /** Waits until exactly `count` pods matching the selector are Running + Ready and none is terminating. */
  waitForReadyPods(
    namespace: string,
    selector: Selector,
    count: number,
    opts?: WaitOptions,
  ): Promise<KubeObject[]>;
  /** Waits until every Deployment, StatefulSet, ReplicaSet and Rollout has all its replicas ready. */
  waitForWorkloads(opts?: WaitOptions): Promise<void>;
}

const WORKLOADS = [
  'deployments.apps',
  'statefulsets.apps',
  'replicasets.apps',
  'rollouts.argoproj.io',
];

function selectorText(sel: Selector | undefined): string | undefined {
  if (sel === undefined || typeof sel === 'string') return sel;
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** True for a pod that serves: Running, Ready condition True, no deletionTimestamp. */
export function isServing(pod: KubeObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
    )
  );
}

export function createSimQueries(store: Store): SimQueries {
  const list = (key: string, namespace?: string, selector?: Selector) => {
    const match = parseLabelSelector(selectorText(selector));
    return store.list(key, namespace).filter((o) => match(o.metadata.labels));
  };
  const q: SimQueries = {
    get: (key, namespace, name) => store.get(key, namespace, name),
    list,
    getPod: (namespace, name) => store.get('pods', namespace, name),
    listPods: (namespace, selector) => list('pods', namespace, selector),
    readyPods: (namespace, selector) => list('pods', namespace, selector).filter(isServing),
    waitFor: (check, opts) => waitFor(store, check, opts),
    waitForReadyPods(namespace, selector, count, opts) {
      const what = `${count} ready pods matching "${selectorText(selector)}" in ${namespace}`;
      return waitFor(
        store,
        () => {
          const pods = list('pods', namespace, selector);
          const ready = pods.filter(isServing);
          return ready.length === count && pods.every((p) => !p.metadata.deletionTimestamp)
            ? ready
            : undefined;
        },
        { what, ...opts },
      );
    },
    async waitForWorkloads(opts) {
      const settled = () =>
        WORKLOADS.every((key) =>
          store
            .list(key)
            .every(
              (w) =>
                (w.status?.readyReplicas ?? 0) === (w.spec?.replicas ?? 0) &&
                (w.status?.replicas ?? 0) === (w.spec?.replicas ?? 0),
            ),
        );
      await waitFor(store, settled, { what: 'every workload to have its replicas ready', ...opts });
    },
  };
  return q;
}
