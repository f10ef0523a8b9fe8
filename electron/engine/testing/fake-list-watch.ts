/** An in-memory ListWatch for resolution-cache tests: versions, history, 410, refusals, bookmarks. */
import type { CachedKind, KubeObject, ListWatch, WatchHandlers } from '../kube/list-watch.ts';

type Event = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; kind: CachedKind; object: KubeObject };

export interface FakeListWatch extends ListWatch {
  /** Creates or replaces an object (ADDED / MODIFIED to watchers). */
  put(kind: CachedKind, object: KubeObject): void;
  remove(kind: CachedKind, namespace: string, name: string): void;
  /** While true, lists (when `refuseLists`) and watches fail with HTTP 403. */
  refuse: boolean;
  refuseLists: boolean;
  /** Forgets history: watches resuming from an older version get 410 Expired. */
  compact(): void;
  /** Ends every open watch cleanly; returns how many. */
  closeWatches(): number;
  /** Sends a BOOKMARK at the current version to every open watch. */
  bookmark(): void;
  readonly openWatches: number;
  readonly calls: { lists: number; watches: number };
  /** resourceVersion each watch was started from, in order. */
  readonly watchedFrom: string[];
}

const forbidden = (): Error => Object.assign(new Error('Forbidden'), { statusCode: 403 });

export function createFakeListWatch(): FakeListWatch {
  const objects = new Map<string, KubeObject>();
  const history: Array<Event & { rv: number }> = [];
  const watches = new Set<{ kind: CachedKind; ns: string; h: WatchHandlers }>();
  const calls = { lists: 0, watches: 0 };
  const watchedFrom: string[] = [];
  let rv = 100;
  let compactedRV = 0;
  const key = (kind: string, ns: string, name: string): string => `${kind}/${ns}/${name}`;
  const emit = (ev: Event): void => {
    rv += 1;
    const object = structuredClone(ev.object);
    object.metadata = { ...object.metadata, resourceVersion: String(rv) };
    history.push({ ...ev, object, rv });
    if (ev.type !== 'DELETED')
      objects.set(
        key(ev.kind, object.metadata.namespace ?? '', object.metadata.name ?? ''),
        object,
      );
    for (const w of [...watches])
      if (w.kind === ev.kind && w.ns === object.metadata.namespace) w.h.onEvent(ev.type, object);
  };
  const fake: FakeListWatch = {
    refuse: false,
    refuseLists: false,
    calls,
    watchedFrom,
    get openWatches() {
      return watches.size;
    },
    put(kind, object) {
      const k = key(kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
      emit({ type: objects.has(k) ? 'MODIFIED' : 'ADDED', kind, object });
    },
    remove(kind, ns, name) {
      const k = key(kind, ns, name);
      const object = objects.get(k);
      if (!object) return;
      objects.delete(k);
      emit({ type: 'DELETED', kind, object });
    },
    compact() {
      history.length = 0;
      compactedRV = rv;
    },
    closeWatches() {
      const all = [...watches];
      watches.clear();
      for (const w of all) w.h.onEnd();
      return all.length;
    },
    bookmark() {
      for (const w of [...watches])
        w.h.onEvent('BOOKMARK', { metadata: { resourceVersion: String(rv) } });
    },
    async list(kind, ns) {
      calls.lists++;
      await Promise.resolve();
      if (fake.refuse && fake.refuseLists) throw forbidden();
      const prefix = `${kind}/${ns}/`;
      const items = [...objects].filter(([k]) => k.startsWith(prefix)).map(([, o]) => o);
      return { items: structuredClone(items), resourceVersion: String(rv) };
    },
    watch(kind, ns, from, h) {
      calls.watches++;
      watchedFrom.push(from);
      const w = { kind, ns, h };
      let stopped = false;
      queueMicrotask(() => {
        if (stopped) return;
        if (fake.refuse) return h.onEnd(forbidden());
        h.onOpen();
        if (Number(from) < compactedRV) {
          h.onEvent('ERROR', { kind: 'Status', code: 410, message: 'too old resource version' });
          return h.onEnd();
        }
        for (const ev of history)
          if (ev.rv > Number(from) && ev.kind === kind && ev.object.metadata?.namespace === ns)
            h.onEvent(ev.type, ev.object);
        watches.add(w);
      });
      return () => {
        stopped = true;
        watches.delete(w);
      };
    },
  };
  return fake;
}
