/**
 * The kubelet's part: binds new pods, starts them in the runtime (Pending → Running + Ready),
 * reflects container state changes reported by the runtime, starts ephemeral containers, and
 * finishes graceful deletion (stop in the runtime, then remove the object).
 */
import type { ContainerSpec, PodRef, PodRuntime, RuntimeHooks } from '../runtime/types.ts';
import { rfc3339 } from '../store/ids.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { startEphemeralContainers } from './pod-ephemeral.ts';
import { applyContainerState, bindPod, refreshReadiness, terminalPhase } from './pod-status.ts';
import type { Controller } from './queue.ts';
import { errorText } from '../../shared/errors.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON here */

export interface PodLifecycleDeps {
  store: Store;
  runtime: () => PodRuntime;
  node: { name: string; ip: string };
  /** Pod uids forced not-ready by the control API. */
  notReady: Set<string>;
  enqueue(key: string): void;
  onError(err: unknown, where: string): void;
}

interface Tracked {
  ref: PodRef;
  start: Promise<unknown>;
  stopping?: Promise<void>;
}

const refOf = (pod: KubeObject): PodRef => ({
  namespace: pod.metadata.namespace!,
  name: pod.metadata.name,
  uid: pod.metadata.uid,
});

/** Creates the controller plus the RuntimeHooks the runtime must be given. */
export function podLifecycleController(
  deps: PodLifecycleDeps,
): Controller & { hooks: RuntimeHooks; drain(): Promise<void> } {
  const { store } = deps;
  const tracked = new Map<string, Tracked>();
  const ephemeralStarted = new Set<string>();

  /** Mutates the pod only if it is still the same incarnation (uid). */
  const update = (ref: PodRef, fn: (pod: KubeObject) => void) => {
    const cur = store.get('pods', ref.namespace, ref.name);
    if (!cur || cur.metadata.uid !== ref.uid) return;
    store.mutate('pods', ref.namespace, ref.name, (pod) => {
      fn(pod);
      refreshReadiness(pod, store.now(), !deps.notReady.has(ref.uid));
    });
  };

  const stop = (t: Tracked, thenRemove: boolean): Promise<void> => {
    t.stopping ??= t.start
      .catch(() => undefined)
      .then(() => deps.runtime().stopPod(t.ref))
      .catch((err: unknown) => deps.onError(err, `stopPod ${t.ref.namespace}/${t.ref.name}`))
      .then(() => {
        tracked.delete(t.ref.uid);
        const cur = store.get('pods', t.ref.namespace, t.ref.name);
        if (thenRemove && cur?.metadata.uid === t.ref.uid)
          store.remove('pods', t.ref.namespace, t.ref.name);
      });
    return t.stopping;
  };

  const onStarted = (ref: PodRef, podIP: string) => {
    const cur = store.get('pods', ref.namespace, ref.name);
    if (!cur || cur.metadata.uid !== ref.uid || cur.metadata.deletionTimestamp)
      return deps.enqueue(`${ref.namespace}/${ref.name}`);
    update(ref, (pod) => {
      pod.status.podIP = podIP;
      pod.status.podIPs = [{ ip: podIP }];
      if (pod.status.phase === 'Pending') pod.status.phase = 'Running';
      const startedAt = rfc3339(store.now());
      for (const cs of pod.status.containerStatuses ?? []) {
        if (cs.state?.waiting) applyContainerState(pod, cs, { running: { startedAt } });
      }
      pod.status.phase = terminalPhase(pod) ?? pod.status.phase;
    });
  };

  const onStartFailed = (ref: PodRef, err: unknown) => {
    const message = errorText(err);
    update(ref, (pod) => {
      for (const cs of pod.status.containerStatuses ?? []) {
        if (cs.state?.waiting) cs.state = { waiting: { reason: 'RunContainerError', message } };
      }
    });
  };

  const start = (pod: KubeObject) => {
    const ref = refOf(pod);
    update(ref, (p) => bindPod(p, deps.node, store.now()));
    const containers: ContainerSpec[] = structuredClone(pod.spec?.containers ?? []);
    const started = deps.runtime().startPod({ ...ref, containers, labels: pod.metadata.labels });
    const t: Tracked = { ref, start: started };
    tracked.set(ref.uid, t);
    started.then(
      ({ podIP }) => onStarted(ref, podIP),
      (err: unknown) => onStartFailed(ref, err),
    );
  };

  const startEphemerals = (pod: KubeObject) =>
    startEphemeralContainers(pod, {
      runtime: deps.runtime(),
      started: ephemeralStarted,
      now: store.now,
      update: (fn) => update(refOf(pod), fn),
    });

  const hooks: RuntimeHooks = {
    onContainerState(ref, container, state) {
      update(ref, (pod) => {
        const cs =
          (pod.status.containerStatuses ?? []).find((s: any) => s.name === container) ??
          (pod.status.ephemeralContainerStatuses ?? []).find((s: any) => s.name === container);
        if (!cs) return;
        applyContainerState(pod, cs, state);
        const phase = terminalPhase(pod);
        if (phase) pod.status.phase = phase;
      });
      deps.enqueue(`${ref.namespace}/${ref.name}`);
    },
  };

  const reconcile = (key: string) => {
    const [ns, name] = key.split('/') as [string, string];
    const pod = store.get('pods', ns, name);
    for (const t of tracked.values()) {
      if (t.ref.namespace === ns && t.ref.name === name && t.ref.uid !== pod?.metadata.uid)
        void stop(t, false);
    }
    if (!pod) return;
    const t = tracked.get(pod.metadata.uid);
    if (pod.metadata.deletionTimestamp) {
      if (t) void stop(t, true);
      else store.remove('pods', ns, name);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      if (t) void stop(t, false);
      return;
    }
    if (!t && (phase === 'Pending' || !phase)) return start(pod);
    if (phase === 'Running') {
      update(refOf(pod), () => {});
      startEphemerals(pod);
    }
  };

  return {
    name: 'pod-lifecycle',
    hooks,
    keysFor: (ev) =>
      ev.resource === 'pods' ? [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`] : [],
    initialKeys: () => store.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    reconcile,
    /** Waits for every pending stop (used on shutdown). */
    async drain() {
      await Promise.all([...tracked.values()].map((t) => t.stopping ?? Promise.resolve()));
    },
  };
}
