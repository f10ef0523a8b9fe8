/**
 * List + watch of one resource kind in one namespace, the two calls an informer-like cache needs:
 * a list that returns its resourceVersion, and a watch from that version with BOOKMARKs.
 * `createListWatch` implements them with client-node (keep-alive client for lists, `Watch` for the
 * stream); tests pass fakes.
 */
import { CoreV1Api, Watch, type KubeConfig } from '@kubernetes/client-node';
import { makeKeepAliveClient } from './keepalive-auth.ts';
import { toKubeError } from './kube-errors.ts';

/** `namespaces` is cluster-scoped: its namespace argument is ignored (the pickers list them). */
export type CachedKind = 'pods' | 'services' | 'namespaces';

/** The fields of an object the cache relies on. */
export interface KubeObject {
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHandlers {
  /** The server accepted the watch (HTTP 200); events follow. */
  onOpen(): void;
  onEvent(type: WatchEventType, object: unknown): void;
  /** Runs once when the watch ends for any reason; `err` is absent on a clean end. */
  onEnd(err?: unknown): void;
}

export interface ListWatch {
  list(kind: CachedKind, namespace: string): Promise<ListResult>;
  /** Watches from `resourceVersion`; returns a stop function (after which no handler runs). */
  watch(
    kind: CachedKind,
    namespace: string,
    resourceVersion: string,
    handlers: WatchHandlers,
  ): () => void;
}

export interface ListWatchOptions {
  /** Asks the server to end each watch after this long (it is then resumed from the last version). */
  timeoutSeconds?: number;
  /** A keep-alive client to list with (shares its connections with the other reads). */
  core?: CoreV1Api;
}

/** HTTP status of a failed watch request, if it has one (410 means "re-list"). */
export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; code?: unknown } | null | undefined;
  const s = typeof e?.statusCode === 'number' ? e.statusCode : e?.code;
  return typeof s === 'number' ? s : undefined;
}

/** List and watch over a loaded KubeConfig. */
export function createListWatch(kc: KubeConfig, opts: ListWatchOptions = {}): ListWatch {
  const core = opts.core ?? makeKeepAliveClient(kc, CoreV1Api);
  const watcher = new Watch(kc);
  const timeoutSeconds = opts.timeoutSeconds ?? 290;
  return {
    async list(kind, namespace) {
      try {
        const res =
          kind === 'pods'
            ? await core.listNamespacedPod({ namespace })
            : kind === 'namespaces'
              ? await core.listNamespace()
              : await core.listNamespacedService({ namespace });
        return { items: res.items, resourceVersion: res.metadata?.resourceVersion ?? '' };
      } catch (err) {
        throw toKubeError(err, kind, namespace);
      }
    },
    watch(kind, namespace, resourceVersion, h) {
      let done = false;
      let ctl: AbortController | undefined;
      const end = (err?: unknown): void => {
        if (done) return;
        done = true;
        ctl?.abort();
        h.onEnd(err ?? undefined);
      };
      const path =
        kind === 'namespaces'
          ? '/api/v1/namespaces'
          : `/api/v1/namespaces/${encodeURIComponent(namespace)}/${kind}`;
      const query = { resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
      watcher
        .watch(path, query, (type, obj) => !done && h.onEvent(type as WatchEventType, obj), end)
        .then(
          (c) => {
            ctl = c;
            if (done) c.abort();
            else h.onOpen();
          },
          (err: unknown) => end(err),
        );
      return () => {
        if (done) return;
        done = true;
        ctl?.abort();
      };
    },
  };
}
