/**
 * One resolution cache per (cluster session, namespace), shared by the rules that resolve in that
 * namespace. Lifetime: a cache starts on the first connection that needs it and stops (its
 * watches end) when the last rule using it releases it.
 */
import type { Clock } from '../clock.ts';
import type { KubeSession } from './kube-session.ts';
import {
  createNamespaceCache,
  type NamespaceCache,
  type NamespaceCacheOptions,
} from './namespace-cache.ts';

export interface CachePool {
  /** The cache of (session, namespace), started on first use, now held by `user`; undefined when the session cannot watch. */
  use(session: KubeSession, namespace: string, user: object): NamespaceCache | undefined;
  /** The running cache of (session, namespace), if any; starts nothing. */
  find(session: KubeSession, namespace: string): NamespaceCache | undefined;
  /** Drops everything `user` holds; caches nobody holds any more stop. */
  release(user: object): void;
  /** Running caches (for tests and diagnostics). */
  readonly size: number;
  dispose(): void;
}

export type CachePoolOptions = { clock: Clock; log: (message: string) => void } & Pick<
  NamespaceCacheOptions,
  'workloadTtlMs' | 'minBackoffMs' | 'maxBackoffMs'
>;

interface Entry {
  cache: NamespaceCache;
  users: Set<object>;
}

export function createCachePool(opts: CachePoolOptions): CachePool {
  const bySession = new Map<KubeSession, Map<string, Entry>>();
  const count = (): number => [...bySession.values()].reduce((n, m) => n + m.size, 0);
  return {
    use(session, namespace, user) {
      const source = session.api.listWatch;
      if (!source) return undefined;
      let caches = bySession.get(session);
      if (!caches) bySession.set(session, (caches = new Map()));
      let entry = caches.get(namespace);
      if (!entry) {
        const cache = createNamespaceCache({ ...opts, namespace, direct: session.api, source });
        caches.set(namespace, (entry = { cache, users: new Set() }));
      }
      entry.users.add(user);
      return entry.cache;
    },
    find: (session, namespace) => bySession.get(session)?.get(namespace)?.cache,
    release(user) {
      for (const [session, caches] of bySession) {
        for (const [ns, entry] of caches) {
          if (!entry.users.delete(user) || entry.users.size > 0) continue;
          caches.delete(ns);
          entry.cache.stop();
        }
        if (caches.size === 0) bySession.delete(session);
      }
    },
    get size() {
      return count();
    },
    dispose() {
      for (const caches of bySession.values()) for (const e of caches.values()) e.cache.stop();
      bySession.clear();
    },
  };
}
