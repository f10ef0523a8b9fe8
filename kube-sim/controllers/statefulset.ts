/** StatefulSet → Pods `name-0…name-N-1`: ordered creation, highest-first removal, rolling update. */
import { deleteObject } from '../store/delete.ts';
import { shortHash } from '../store/ids.ts';
import { resourceByKey } from '../store/resources.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { isActive, isReady, keyOf, ownedBy, ownerKeys, podFromTemplate } from './owned.ts';
import type { Controller } from './queue.ts';
import type { WorkloadDeps } from './replicaset.ts';

const PODS = resourceByKey('pods')!;
const REVISION_LABEL = 'controller-revision-hash';

function ordinalOf(sts: KubeObject, pod: KubeObject): number {
  const m = new RegExp(`^${sts.metadata.name}-(\\d+)$`).exec(pod.metadata.name);
  return m ? Number(m[1]) : -1;
}

function newPod(sts: KubeObject, i: number, revision: string): KubeObject {
  const name = `${sts.metadata.name}-${i}`;
  const pod = podFromTemplate(sts, sts.spec.template, {
    name,
    labels: {
      [REVISION_LABEL]: revision,
      'statefulset.kubernetes.io/pod-name': name,
      'apps.kubernetes.io/pod-index': String(i),
    },
  });
  pod.spec.hostname = name;
  if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
  return pod;
}

function remove(deps: WorkloadDeps, pod: KubeObject): void {
  deps.delay.expect(pod.metadata.uid);
  deleteObject(deps.store, PODS, pod.metadata.namespace, pod.metadata.name);
}

/** One step toward the desired set; OrderedReady does one pod at a time, Parallel all at once. */
function step(deps: WorkloadDeps, key: string, sts: KubeObject, revision: string): void {
  const { store } = deps;
  const parallel = sts.spec.podManagementPolicy === 'Parallel';
  const desired: number = sts.spec.replicas ?? 0;
  const pods = ownedBy(store, 'pods', sts);
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(sts, p), p]));
  for (let i = 0; i < desired; i++) {
    const pod = byOrdinal.get(i);
    if (pod && isActive(pod)) {
      if (!parallel && !isReady(pod)) return;
      continue;
    }
    if (pod || store.get('pods', sts.metadata.namespace, `${sts.metadata.name}-${i}`)) return; // old incarnation still terminating
    const wait = deps.delay.waitMs(sts.metadata.uid, store.now());
    if (wait > 0) return deps.enqueue(key, wait);
    store.create('pods', newPod(sts, i, revision));
    if (!parallel) return;
  }
  const extra = pods
    .filter((p) => ordinalOf(sts, p) >= desired && isActive(p))
    .sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a));
  for (const p of parallel ? extra : extra.slice(0, 1)) remove(deps, p);
  if (extra.length || pods.some((p) => p.metadata.deletionTimestamp)) return;
  const stale = pods
    .filter((p) => p.metadata.labels?.[REVISION_LABEL] !== revision)
    .sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a));
  if (stale[0]) remove(deps, stale[0]);
}

function updateStatus(store: Store, sts: KubeObject, revision: string): void {
  const pods = ownedBy(store, 'pods', sts).filter(isActive);
  const ready = pods.filter(isReady).length;
  const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
  store.mutate('statefulsets.apps', sts.metadata.namespace, sts.metadata.name, (o) => {
    const current = updated === pods.length ? revision : (o.status?.currentRevision ?? revision);
    o.status = {
      observedGeneration: o.metadata.generation,
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas: current === revision ? updated : pods.length - updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: current,
      updateRevision: revision,
      collisionCount: 0,
    };
  });
}

/** The StatefulSet controller. */
export function statefulSetController(deps: WorkloadDeps): Controller {
  const { store } = deps;
  return {
    name: 'statefulset',
    keysFor(ev) {
      if (ev.resource === 'statefulsets.apps') return [keyOf(ev.object)];
      if (ev.resource === 'pods') return ownerKeys(ev, 'StatefulSet');
      return [];
    },
    initialKeys: () => store.list('statefulsets.apps').map(keyOf),
    reconcile(key) {
      const [ns, name] = key.split('/') as [string, string];
      const sts = store.get('statefulsets.apps', ns, name);
      if (!sts) return;
      const revision = `${name}-${shortHash(sts.spec.template).slice(0, 10)}`;
      step(deps, key, sts, revision);
      updateStatus(store, sts, revision);
    },
  };
}
