/** Deletion semantics: graceful for pods and namespaces, immediate otherwise; orphaning on request. */
import { rfc3339 } from './ids.ts';
import type { ResourceType } from './resources.ts';
import { StatusError, statusErrors } from './status-error.ts';
import type { Store } from './store.ts';
import type { KubeObject } from './types.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** What a DELETE did: the object is gone, or it is terminating (graceful). */
export interface DeleteResult {
  object: KubeObject;
  graceful: boolean;
}

function orphanDependents(store: Store, owner: KubeObject): void {
  const ns = owner.metadata.namespace;
  for (const key of ['pods', 'replicasets.apps', 'jobs.batch', 'endpointslices.discovery.k8s.io']) {
    for (const dep of store.list(key, ns)) {
      const refs = dep.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === owner.metadata.uid)) continue;
      store.mutate(key, ns, dep.metadata.name, (o) => {
        o.metadata.ownerReferences = refs.filter((r) => r.uid !== owner.metadata.uid);
        if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
      });
    }
  }
}

/**
 * Deletes an object. Pods (grace > 0) and namespaces only get a deletionTimestamp here; the pod
 * lifecycle controller and the namespace controller remove them once their contents are gone.
 * Dependents are removed by the garbage collector when their owner disappears.
 */
export function deleteObject(
  store: Store,
  rt: ResourceType,
  ns: string | undefined,
  name: string,
  opts: DeleteOptions = {},
): DeleteResult {
  const obj = store.get(rt.key, ns, name);
  if (!obj) throw statusErrors.notFound(rt.resource, rt.group, name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    const msg = `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`;
    throw new StatusError(409, 'Conflict', msg, { name, kind: rt.resource });
  }
  if (opts.propagationPolicy === 'Orphan') orphanDependents(store, obj);
  const graceful =
    rt.key === 'pods'
      ? (opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30) > 0
      : rt.key === 'namespaces';
  if (!graceful) return { object: store.remove(rt.key, ns, name) ?? obj, graceful: false };
  if (obj.metadata.deletionTimestamp) return { object: obj, graceful: true };
  const grace =
    rt.key === 'pods'
      ? (opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30)
      : 0;
  const updated = store.mutate(rt.key, ns, name, (o) => {
    o.metadata.deletionTimestamp = rfc3339(store.now() + grace * 1000);
    if (rt.key === 'pods') o.metadata.deletionGracePeriodSeconds = grace;
    if (rt.key === 'namespaces') o.status = { ...(o.status ?? {}), phase: 'Terminating' };
  });
  return { object: updated ?? obj, graceful: true };
}
