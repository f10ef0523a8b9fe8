/** Helpers shared by the workload controllers: owner references, pod templates, pod predicates. */
import type { Store } from '../store/store.ts';
import type { KubeObject, OwnerReference, StoreEvent } from '../store/types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- templates are open JSON here */

/** The controller owner reference pointing at `owner`. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controlling owner of an object, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** Objects of `key` in the owner's namespace whose controller is `owner`. */
export function ownedBy(store: Store, key: string, owner: KubeObject): KubeObject[] {
  return store
    .list(key, owner.metadata.namespace)
    .filter((o) => controllerOf(o)?.uid === owner.metadata.uid);
}

/** Reconcile key of an event's object: `ns/name`. */
export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** For an event on a dependent, the key of its controller when the controller is of `kind`. */
export function ownerKeys(ev: StoreEvent, kind: string): string[] {
  const keys = new Set<string>();
  for (const o of [ev.object, ev.old]) {
    const ref = o && controllerOf(o);
    if (ref && ref.kind === kind) keys.add(`${o!.metadata.namespace ?? ''}/${ref.name}`);
  }
  return [...keys];
}

/** A pod object from a template, owned by `owner`. */
export function podFromTemplate(
  owner: KubeObject,
  template: any,
  meta: { name?: string; generateName?: string; labels?: Record<string, string> },
): KubeObject {
  const t = structuredClone(template ?? {});
  const labels = { ...(t.metadata?.labels ?? {}), ...(meta.labels ?? {}) };
  const metadata: any = {
    namespace: owner.metadata.namespace,
    labels,
    ownerReferences: [controllerRef(owner)],
  };
  if (t.metadata?.annotations) metadata.annotations = t.metadata.annotations;
  if (meta.name) metadata.name = meta.name;
  if (meta.generateName) metadata.generateName = meta.generateName;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? {} };
}

/** A pod that counts toward replicas: not terminating and not finished. */
export function isActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Pod condition Ready is True. */
export function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}
