/** In-memory object store with one global resourceVersion counter and a bounded event history. */
import { canonicalJson, newUid, randomSuffix, rfc3339 } from './ids.ts';
import { resourceByKey, type ResourceType } from './resources.ts';
import { statusErrors } from './status-error.ts';
import type { KubeObject, StoreEvent } from './types.ts';

/** Runs on every create and update before commit: defaulting and validation (may throw StatusError). */
export type AdmitHook = (rt: ResourceType, obj: KubeObject, old: KubeObject | undefined) => void;

export interface StoreOptions {
  now?: () => number;
  /** Events kept for watches that resume from an older resourceVersion. */
  historyLimit?: number;
  admit?: AdmitHook;
}

export type StoreListener = (ev: StoreEvent) => void;

function typeOf(key: string): ResourceType {
  const rt = resourceByKey(key);
  if (!rt) throw new Error(`kube-sim: unknown resource ${key}`);
  return rt;
}

/** The objects of the simulated cluster; every method returns copies, never live objects. */
export class Store {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<StoreListener>();
  private history: StoreEvent[] = [];
  private rv = 1;
  private compactedRV = 0;
  readonly now: () => number;
  private readonly historyLimit: number;
  admit: AdmitHook | undefined;

  constructor(opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.historyLimit = opts.historyLimit ?? 2_000;
    this.admit = opts.admit;
  }

  /** The current (latest committed) resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  private bucket(key: string): Map<string, KubeObject> {
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.bucket(key).get(`${namespace ?? ''}/${name}`);
    return obj ? structuredClone(obj) : undefined;
  }

  /** Objects of a type, in one namespace or all, ordered by namespace then name (etcd key order). */
  list(key: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [k, obj] of this.bucket(key)) {
      if (namespace === undefined || k.startsWith(`${namespace}/`)) out.push(structuredClone(obj));
    }
    // Byte order, like etcd keys (and like the `continue` tokens compare).
    return out.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }

  create(key: string, input: KubeObject): KubeObject {
    const rt = typeOf(key);
    const obj = structuredClone(input);
    const meta = obj.metadata;
    if (!rt.namespaced) delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) {
      throw statusErrors.invalid(rt.kind, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          message: 'name or generateName is required',
        },
      ]);
    }
    const id = `${meta.namespace ?? ''}/${meta.name}`;
    if (this.bucket(key).has(id))
      throw statusErrors.alreadyExists(rt.resource, rt.group, meta.name);
    meta.uid = newUid();
    meta.creationTimestamp = rfc3339(this.now());
    if (obj.spec !== undefined || meta.generation !== undefined) meta.generation = 1;
    delete meta.deletionTimestamp;
    this.admit?.(rt, obj, undefined);
    return this.commit('ADDED', key, id, obj, undefined);
  }

  /** Replaces an object. With `checkVersion`, a stale metadata.resourceVersion is a 409 Conflict. */
  update(key: string, input: KubeObject, opts: { checkVersion?: boolean } = {}): KubeObject {
    const rt = typeOf(key);
    const obj = structuredClone(input);
    const id = `${rt.namespaced ? (obj.metadata.namespace ?? '') : ''}/${obj.metadata.name}`;
    const old = this.bucket(key).get(id);
    if (!old) throw statusErrors.notFound(rt.resource, rt.group, obj.metadata.name);
    if (
      opts.checkVersion &&
      obj.metadata.resourceVersion &&
      obj.metadata.resourceVersion !== old.metadata.resourceVersion
    ) {
      throw statusErrors.conflict(rt.resource, rt.group, obj.metadata.name);
    }
    // Identity fields are the server's, whatever the client sent.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp)
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (!rt.namespaced) delete obj.metadata.namespace;
    else obj.metadata.namespace = old.metadata.namespace;
    this.admit?.(rt, obj, old);
    if (old.metadata.generation !== undefined) {
      const specChanged = canonicalJson(old.spec) !== canonicalJson(obj.spec);
      obj.metadata.generation = old.metadata.generation + (specChanged ? 1 : 0);
    }
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (canonicalJson(obj) === canonicalJson(old)) return structuredClone(old);
    return this.commit('MODIFIED', key, id, obj, old);
  }

  /** Read-modify-write for controllers: applies `fn` to a copy and commits only if something changed. */
  mutate(
    key: string,
    namespace: string | undefined,
    name: string,
    fn: (obj: KubeObject) => void,
  ): KubeObject | undefined {
    const obj = this.get(key, namespace, name);
    if (!obj) return undefined;
    fn(obj);
    return this.update(key, obj);
  }

  /** Removes an object for good (graceful deletion is the caller's job). */
  remove(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const rt = typeOf(key);
    const id = `${rt.namespaced ? (namespace ?? '') : ''}/${name}`;
    const old = this.bucket(key).get(id);
    if (!old) return undefined;
    this.bucket(key).delete(id);
    const gone = structuredClone(old);
    return this.commit('DELETED', key, id, gone, old);
  }

  private commit(
    type: StoreEvent['type'],
    key: string,
    id: string,
    obj: KubeObject,
    old: KubeObject | undefined,
  ): KubeObject {
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    if (type !== 'DELETED') this.bucket(key).set(id, obj);
    const ev: StoreEvent = { type, resource: key, object: obj, old, rv: this.rv };
    this.history.push(ev);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRV = dropped[dropped.length - 1]!.rv;
    }
    for (const l of [...this.listeners]) l(ev);
    return structuredClone(obj);
  }

  /** Listens to every committed change, synchronously after commit. Returns the unsubscribe. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `rv`, or `undefined` when history no longer reaches back that far (410 Expired). */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRV) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  /** Forgets the event history, so any watch from an older resourceVersion gets 410. */
  compact(): void {
    this.history = [];
    this.compactedRV = this.rv;
  }
}

function sortKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
