/** Garbage collection (dependents of deleted owners) and namespace termination. */
import { deleteObject } from '../store/delete.ts';
import { RESOURCES } from '../store/resources.ts';
import type { Store } from '../store/store.ts';
import type { Controller } from './queue.ts';

const NAMESPACED = RESOURCES.filter((r) => r.namespaced);

function collectDependents(store: Store, ns: string, uid: string): void {
  for (const rt of NAMESPACED) {
    for (const dep of store.list(rt.key, ns)) {
      const refs = dep.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const others = refs.filter((r) => r.uid !== uid);
      if (others.length > 0) {
        store.mutate(
          rt.key,
          ns,
          dep.metadata.name,
          (o) => void (o.metadata.ownerReferences = others),
        );
      } else if (!dep.metadata.deletionTimestamp) {
        deleteObject(store, rt, ns, dep.metadata.name);
      }
    }
  }
}

function terminateNamespace(store: Store, name: string): void {
  const ns = store.get('namespaces', undefined, name);
  if (!ns?.metadata.deletionTimestamp) return;
  let remaining = 0;
  for (const rt of NAMESPACED) {
    for (const obj of store.list(rt.key, name)) {
      remaining++;
      if (!obj.metadata.deletionTimestamp) deleteObject(store, rt, name, obj.metadata.name);
    }
  }
  // Pods finish asynchronously; their DELETED events bring us back here.
  if (remaining === 0 || NAMESPACED.every((rt) => store.list(rt.key, name).length === 0))
    store.remove('namespaces', undefined, name);
}

/** The garbage collector + namespace controller. */
export function gcController(store: Store): Controller {
  return {
    name: 'gc',
    keysFor(ev) {
      const keys: string[] = [];
      if (ev.type === 'DELETED')
        keys.push(`owner/${ev.object.metadata.namespace ?? ''}/${ev.object.metadata.uid}`);
      if (
        ev.resource === 'namespaces' &&
        ev.object.metadata.deletionTimestamp &&
        ev.type !== 'DELETED'
      )
        keys.push(`namespace/${ev.object.metadata.name}`);
      const ns = ev.object.metadata.namespace;
      if (
        ev.type === 'DELETED' &&
        ns &&
        store.get('namespaces', undefined, ns)?.metadata.deletionTimestamp
      )
        keys.push(`namespace/${ns}`);
      return keys;
    },
    initialKeys: () =>
      store
        .list('namespaces')
        .filter((n) => n.metadata.deletionTimestamp)
        .map((n) => `namespace/${n.metadata.name}`),
    reconcile(key) {
      const [kind, a, b] = key.split('/') as [string, string, string];
      if (kind === 'namespace') return terminateNamespace(store, a);
      if (a) return collectDependents(store, a, b);
      // A cluster-scoped owner: look in every namespace.
      for (const ns of store.list('namespaces')) collectDependents(store, ns.metadata.name, b);
    },
  };
}
