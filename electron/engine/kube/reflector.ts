/**
 * Keeps an in-memory copy of one resource kind in one namespace, the way client-go's reflector
 * does: list, then watch from the list's resourceVersion; resume from the last seen version (kept
 * fresh by BOOKMARKs) when a watch ends; re-list when the server answers 410 Expired. A re-list
 * reports objects that vanished meanwhile as DELETED, so no deletion is lost across a gap.
 * `ready` is true only while the copy is synced and a watch is open; readers use the API
 * directly otherwise.
 */
import type { Clock } from '../clock.ts';
import {
  statusOf,
  type CachedKind,
  type KubeObject,
  type ListWatch,
  type WatchEventType,
} from './list-watch.ts';
import { errorText } from '../../../shared/errors.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ReflectorOptions<T extends KubeObject> {
  kind: CachedKind;
  namespace: string;
  source: ListWatch;
  clock: Clock;
  log: (message: string) => void;
  onChange?: (type: ChangeType, object: T) => void;
  /** Retry delays after failures double from min to max. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A watch silent for this long is presumed dead and replaced (the server sends BOOKMARKs). */
  idleMs?: number;
}

export interface Reflector<T extends KubeObject> {
  readonly ready: boolean;
  get(name: string): T | undefined;
  list(): T[];
  stop(): void;
}

const nameOf = (o: KubeObject): string => o.metadata?.name ?? '';

/** Starts listing and watching at once; `stop` ends the watch and any pending retry. */
export function startReflector<T extends KubeObject>(o: ReflectorOptions<T>): Reflector<T> {
  const items = new Map<string, T>();
  const what = `${o.kind} in ${o.namespace}`;
  const minMs = o.minBackoffMs ?? 250;
  const maxMs = o.maxBackoffMs ?? 10_000;
  const idleMs = o.idleMs ?? 330_000;
  let rv = '';
  let synced = false;
  let open = false;
  let wasReady = false;
  let stopped = false;
  let failures = 0;
  let current: object | undefined;
  let stopWatch: (() => void) | undefined;
  let cancelTimer: (() => void) | undefined;
  let cancelIdle: (() => void) | undefined;

  const update = (why: string): void => {
    const ready = synced && open;
    if (ready === wasReady) return;
    wasReady = ready;
    o.log(
      ready
        ? `resolution cache: ${what} synced at resourceVersion ${rv}; resolving from the cache`
        : `resolution cache: ${what} not usable (${why}); resolving with direct API reads`,
    );
  };
  // The first retry is immediate; repeated failures back off, so a refusing server is not hammered.
  const later = (fn: () => void, why: string): void => {
    const ms = failures === 0 ? 0 : Math.min(maxMs, minMs * 2 ** (failures - 1));
    failures++;
    o.log(`resolution cache: ${what}: ${why}; retrying in ${ms} ms`);
    cancelTimer = o.clock.setTimeout(fn, ms);
  };

  const put = (obj: T): void => {
    const prev = items.get(nameOf(obj));
    items.set(nameOf(obj), obj);
    if (!prev) o.onChange?.('ADDED', obj);
    else if (prev.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
      o.onChange?.('MODIFIED', obj);
  };
  const replace = (list: T[]): void => {
    const seen = new Set(list.map(nameOf));
    for (const [name, prev] of [...items]) {
      if (seen.has(name)) continue;
      items.delete(name);
      o.onChange?.('DELETED', prev);
    }
    for (const obj of list) put(obj);
  };

  async function relist(): Promise<void> {
    synced = false;
    update('listing');
    try {
      const res = await o.source.list(o.kind, o.namespace);
      if (stopped) return;
      replace(res.items as T[]);
      rv = res.resourceVersion;
      synced = true;
      watch();
    } catch (err) {
      if (!stopped) later(() => void relist(), `listing failed: ${errorText(err)}`);
    }
  }

  function watch(): void {
    const token = {};
    current = token;
    let expired = false;
    let heard = false;
    let serverError: string | undefined;
    let openedAt: number | undefined;
    const armIdle = (): void => {
      cancelIdle?.();
      cancelIdle = o.clock.setTimeout(() => {
        if (current !== token) return;
        stopWatch?.();
        ended(new Error(`no event or bookmark for ${Math.round(idleMs / 1000)} s`));
      }, idleMs);
    };
    const ended = (err?: unknown): void => {
      if (current !== token) return;
      current = undefined;
      cancelIdle?.();
      open = false;
      if (stopped) return;
      // A watch that carried events or lived a while was healthy: start backing off afresh.
      if (heard || (openedAt !== undefined && o.clock.now() - openedAt >= 1000)) failures = 0;
      if (expired || statusOf(err) === 410) {
        update('watch history expired (410)');
        return later(() => void relist(), `resourceVersion ${rv} expired (410), re-listing`);
      }
      const why = err ? errorText(err) : serverError;
      update(why ? `watch failed: ${why}` : 'watch ended');
      later(watch, why ? `watch failed: ${why}` : 'watch ended, resuming');
    };
    const onEvent = (type: WatchEventType, obj: unknown): void => {
      if (current !== token) return;
      armIdle();
      const object = obj as T & { code?: number; message?: string };
      heard ||= type !== 'ERROR';
      if (type === 'ERROR') {
        if (object.code === 410) expired = true;
        else serverError = object.message ?? `error ${object.code ?? ''}`.trim();
        return;
      }
      const version = object.metadata?.resourceVersion;
      if (version) rv = version;
      if (type === 'ADDED' || type === 'MODIFIED') put(object);
      if (type === 'DELETED' && items.delete(nameOf(object))) o.onChange?.('DELETED', object);
    };
    stopWatch = o.source.watch(o.kind, o.namespace, rv, {
      onOpen: () => {
        if (current !== token) return;
        open = true;
        openedAt = o.clock.now();
        armIdle();
        update('');
      },
      onEvent,
      onEnd: ended,
    });
  }

  void relist();
  return {
    get ready() {
      return synced && open && !stopped;
    },
    get: (name) => items.get(name),
    list: () => [...items.values()],
    stop() {
      if (stopped) return;
      stopped = true;
      current = undefined;
      cancelTimer?.();
      cancelIdle?.();
      stopWatch?.();
      o.log(`resolution cache: ${what} stopped`);
    },
  };
}
