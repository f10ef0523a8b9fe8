/** Deployment / Rollout status: replica counts from the ReplicaSets, Available and Progressing. */
import { rfc3339 } from '../store/ids.ts';
import { selectorToString } from '../store/selectors.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import type { DeploymentFlavor } from './deployment.ts';
import { ownedBy } from './owned.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

function maxUnavailable(d: KubeObject, desired: number): number {
  const v = d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof v === 'string' && v.endsWith('%'))
    return Math.floor((desired * Number(v.slice(0, -1))) / 100);
  return Number(v) || 0;
}

/** A status condition that keeps its timestamps while nothing about it changes. */
function condition(
  prev: any[],
  now: string,
  type: string,
  ok: boolean,
  reason: string,
  message: string,
): any {
  const status = ok ? 'True' : 'False';
  const old = prev.find((c) => c.type === type);
  const same = old && old.status === status && old.reason === reason;
  return {
    type,
    status,
    lastUpdateTime: same ? old.lastUpdateTime : now,
    lastTransitionTime: old?.status === status ? old.lastTransitionTime : now,
    reason,
    message,
  };
}

interface Totals {
  desired: number;
  replicas: number;
  ready: number;
  available: number;
  updated: number;
  complete: boolean;
}

function totals(store: Store, d: KubeObject, newRS: KubeObject | undefined): Totals {
  const all = ownedBy(store, 'replicasets.apps', d);
  const sum = (field: string) => all.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
  const desired = d.spec.replicas ?? 0;
  const [replicas, ready, available] = [
    sum('replicas'),
    sum('readyReplicas'),
    sum('availableReplicas'),
  ];
  const updated = newRS?.status?.replicas ?? 0;
  const complete = updated === desired && replicas === desired && available >= desired;
  return { desired, replicas, ready, available, updated, complete };
}

/** Writes Deployment (or Rollout) status from its ReplicaSets, like the deployment controller. */
export function updateStatus(
  f: DeploymentFlavor,
  store: Store,
  d: KubeObject,
  newRS: KubeObject | undefined,
  hash: string,
): void {
  const t = totals(store, d, newRS);
  const availableOk = t.available >= t.desired - maxUnavailable(d, t.desired);
  const rsName = `${d.metadata.name}-${hash}`;
  store.mutate(f.resource, d.metadata.namespace, d.metadata.name, (o) => {
    const cond = condition.bind(null, o.status?.conditions ?? [], rfc3339(store.now()));
    o.status = {
      observedGeneration:
        f.kind === 'Rollout' ? String(o.metadata.generation) : o.metadata.generation,
      replicas: t.replicas,
      updatedReplicas: t.updated,
      readyReplicas: t.ready,
      availableReplicas: t.available,
      ...(t.desired > t.available ? { unavailableReplicas: t.desired - t.available } : {}),
      conditions: [
        availableOk
          ? cond(
              'Available',
              true,
              'MinimumReplicasAvailable',
              `${f.kind} has minimum availability.`,
            )
          : cond(
              'Available',
              false,
              'MinimumReplicasUnavailable',
              `${f.kind} does not have minimum availability.`,
            ),
        t.complete
          ? cond(
              'Progressing',
              true,
              'NewReplicaSetAvailable',
              `ReplicaSet "${rsName}" has successfully progressed.`,
            )
          : cond(
              'Progressing',
              true,
              'ReplicaSetUpdated',
              `ReplicaSet "${rsName}" is progressing.`,
            ),
      ],
    };
    if (f.kind !== 'Rollout') return;
    const selector = selectorToString(newRS?.spec?.selector);
    Object.assign(o.status, {
      phase: t.complete ? 'Healthy' : 'Progressing',
      currentPodHash: hash,
      HPAReplicas: t.replicas,
      selector,
    });
    if (t.complete) o.status.stableRS = hash;
  });
}
