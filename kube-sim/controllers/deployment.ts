/**
 * Deployment (and Argo Rollout) → ReplicaSets. A template change makes a new ReplicaSet named by
 * the template hash; once its pods are Ready the old ReplicaSets scale to 0 (surge, then drain).
 */
import { shortHash } from '../store/ids.ts';
import type { Store } from '../store/store.ts';
import { newMeta, type KubeObject } from '../store/types.ts';
import { updateStatus } from './deployment-status.ts';
import { controllerRef, keyOf, ownedBy, ownerKeys } from './owned.ts';
import type { Controller } from './queue.ts';

export interface DeploymentFlavor {
  name: string;
  resource: 'deployments.apps' | 'rollouts.argoproj.io';
  kind: 'Deployment' | 'Rollout';
  hashLabel: string;
}

export const DEPLOYMENT: DeploymentFlavor = {
  name: 'deployment',
  resource: 'deployments.apps',
  kind: 'Deployment',
  hashLabel: 'pod-template-hash',
};
export const ROLLOUT: DeploymentFlavor = {
  name: 'rollout',
  resource: 'rollouts.argoproj.io',
  kind: 'Rollout',
  hashLabel: 'rollouts-pod-template-hash',
};

const REVISION = 'deployment.kubernetes.io/revision';
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0);

function newReplicaSet(
  f: DeploymentFlavor,
  d: KubeObject,
  hash: string,
  revision: number,
): KubeObject {
  const template = structuredClone(d.spec.template ?? {});
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [f.hashLabel]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [f.hashLabel]: hash };
  const annotations = {
    [REVISION]: String(revision),
    'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
    'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + 1),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: newMeta({
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      annotations,
      ownerReferences: [controllerRef(d)],
    }),
    spec: { replicas: d.spec.replicas, selector, template },
  };
}

/** Scales the new ReplicaSet to `desired` and, once it is fully ready, the old ones to 0. */
function rollOut(
  store: Store,
  d: KubeObject,
  newRS: KubeObject,
  others: KubeObject[],
  maxRevision: number,
): void {
  const desired = d.spec.replicas ?? 0;
  store.mutate('replicasets.apps', newRS.metadata.namespace, newRS.metadata.name, (rs) => {
    rs.spec.replicas = desired;
    if (revisionOf(rs) < maxRevision)
      rs.metadata.annotations = {
        ...(rs.metadata.annotations ?? {}),
        [REVISION]: String(maxRevision + 1),
      };
  });
  if ((newRS.status?.readyReplicas ?? 0) < desired || newRS.spec.replicas !== desired) return;
  for (const rs of others) {
    if (rs.spec?.replicas !== 0)
      store.mutate(
        'replicasets.apps',
        rs.metadata.namespace,
        rs.metadata.name,
        (o) => void (o.spec.replicas = 0),
      );
  }
}

/** The Deployment (or Rollout) controller. */
export function deploymentController(f: DeploymentFlavor, store: Store): Controller {
  return {
    name: f.name,
    keysFor(ev) {
      if (ev.resource === f.resource) return [keyOf(ev.object)];
      if (ev.resource === 'replicasets.apps') return ownerKeys(ev, f.kind);
      return [];
    },
    initialKeys: () => store.list(f.resource).map(keyOf),
    reconcile(key) {
      const [ns, name] = key.split('/') as [string, string];
      const d = store.get(f.resource, ns, name);
      if (!d || d.metadata.deletionTimestamp) return;
      const all = ownedBy(store, 'replicasets.apps', d);
      const hash = shortHash(d.spec.template).slice(0, 10);
      const newRS = all.find((rs) => rs.metadata.labels?.[f.hashLabel] === hash);
      const maxRevision = Math.max(0, ...all.map(revisionOf));
      if (!newRS) store.create('replicasets.apps', newReplicaSet(f, d, hash, maxRevision + 1));
      else
        rollOut(
          store,
          d,
          newRS,
          all.filter((rs) => rs !== newRS),
          maxRevision,
        );
      updateStatus(f, store, d, store.get('replicasets.apps', ns, `${name}-${hash}`), hash);
    },
  };
}
