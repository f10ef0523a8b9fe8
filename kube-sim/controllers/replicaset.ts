/** ReplicaSet → Pods: keeps `spec.replicas` active pods, replacing lost ones after the delay. */
import { deleteObject } from '../store/delete.ts';
import { randomSuffix } from '../store/ids.ts';
import { resourceByKey } from '../store/resources.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { isActive, isReady, keyOf, ownedBy, ownerKeys, podFromTemplate } from './owned.ts';
import type { Controller } from './queue.ts';
import type { ReplaceDelay } from './replace-delay.ts';

export interface WorkloadDeps {
  store: Store;
  delay: ReplaceDelay;
  enqueue(key: string, delayMs?: number): void;
}

const PODS = resourceByKey('pods')!;

/** Victims for scale-down: not-ready pods first, then the newest (as the RS controller ranks them). */
export function scaleDownOrder(pods: KubeObject[]): KubeObject[] {
  return [...pods].sort((a, b) => {
    const ready = Number(isReady(a)) - Number(isReady(b));
    if (ready !== 0) return ready;
    return (
      b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp) ||
      b.metadata.name.localeCompare(a.metadata.name)
    );
  });
}

/** Creates or deletes pods of `owner` to reach `desired`; returns false if creation is held back. */
export function scalePods(
  deps: WorkloadDeps,
  key: string,
  owner: KubeObject,
  active: KubeObject[],
  desired: number,
  newPod: () => KubeObject,
): void {
  const { store } = deps;
  if (active.length < desired) {
    const wait = deps.delay.waitMs(owner.metadata.uid, store.now());
    if (wait > 0) return deps.enqueue(key, wait);
    for (let i = active.length; i < desired; i++) store.create('pods', newPod());
  } else if (active.length > desired) {
    for (const pod of scaleDownOrder(active).slice(0, active.length - desired)) {
      deps.delay.expect(pod.metadata.uid);
      deleteObject(store, PODS, pod.metadata.namespace, pod.metadata.name);
    }
  }
}

function updateStatus(store: Store, rs: KubeObject): void {
  const pods = ownedBy(store, 'pods', rs).filter(isActive);
  const ready = pods.filter(isReady).length;
  store.mutate('replicasets.apps', rs.metadata.namespace, rs.metadata.name, (o) => {
    o.status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: o.metadata.generation,
    };
  });
}

/** The ReplicaSet controller. */
export function replicaSetController(deps: WorkloadDeps): Controller {
  const { store } = deps;
  return {
    name: 'replicaset',
    keysFor(ev) {
      if (ev.resource === 'replicasets.apps') return [keyOf(ev.object)];
      if (ev.resource === 'pods') return ownerKeys(ev, 'ReplicaSet');
      return [];
    },
    initialKeys: () => store.list('replicasets.apps').map(keyOf),
    reconcile(key) {
      const [ns, name] = key.split('/') as [string, string];
      const rs = store.get('replicasets.apps', ns, name);
      if (!rs) return;
      const active = ownedBy(store, 'pods', rs).filter(isActive);
      const newPod = () => {
        const pod = podFromTemplate(rs, rs.spec?.template, {});
        pod.metadata.generateName = `${name}-`;
        pod.metadata.name = `${name}-${randomSuffix()}`;
        return pod;
      };
      scalePods(deps, key, rs, active, rs.spec?.replicas ?? 0, newPod);
      updateStatus(store, rs);
    },
  };
}
