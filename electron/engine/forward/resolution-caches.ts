/**
 * The forwarder's side of the namespace caches (kube/cache-pool.ts): which reads a rule's
 * connections and health checks may take from memory, and how open connections learn that their
 * pod died. Lifetimes: a rule holds the caches its connections used until `release` (rule
 * stopped); pod watches are shared per pod and end with the last connection on it.
 */
import type { Clock } from '../clock.ts';
import { createCachePool, type CachePoolOptions } from '../kube/cache-pool.ts';
import type { KubeApi } from '../kube/kube-api.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import { createPodWatcher, type PodWatcher } from './pod-watcher.ts';
import type { RouteRequest } from './routes.ts';

export interface ResolutionCaches {
  /** Reads for a rule's connections: holds (and lazily starts) the namespace's cache. */
  forConnections(session: KubeSession, holder: { stopped: boolean }): RouteRequest['cached'];
  /** Reads for health checks: a cache some connection started, never a new one. */
  forChecks(session: KubeSession): RouteRequest['cached'];
  podWatcher(session: KubeSession): PodWatcher;
  /** Everything `holder` holds is let go; caches nobody holds stop their watches. */
  release(holder: object): void;
  dispose(): void;
}

export interface ResolutionCachesOptions {
  clock: Clock;
  log: (message: string) => void;
  /** Tuning, or false: direct API reads only (and one API watch per pod with open connections). */
  cache?: false | Omit<CachePoolOptions, 'clock' | 'log'>;
}

export function createResolutionCaches(o: ResolutionCachesOptions): ResolutionCaches {
  const pool =
    o.cache === false ? undefined : createCachePool({ clock: o.clock, log: o.log, ...o.cache });
  const watchers = new Map<KubeSession, PodWatcher>();
  const readyApi = (session: KubeSession, ns: string): KubeApi | undefined => {
    const c = pool?.find(session, ns);
    return c?.ready() ? c.api : undefined;
  };
  return {
    forConnections: (session, holder) => (ns, start) => {
      // A stopped rule has released its caches; a late resolution must not take one again.
      if (!pool || holder.stopped) return undefined;
      if (start || pool.find(session, ns)) pool.use(session, ns, holder);
      return readyApi(session, ns);
    },
    forChecks: (session) => (ns) => readyApi(session, ns),
    podWatcher(session) {
      let w = watchers.get(session);
      if (!w) {
        // A pod the namespace cache already watches needs no watch of its own.
        const watchPod: KubeApi['watchPod'] = (ns, pod, onEvent, onEnd) => {
          const c = pool?.find(session, ns);
          return c?.ready() && c.pod(pod)
            ? c.watchPod(pod, onEvent, onEnd)
            : session.api.watchPod(ns, pod, onEvent, onEnd);
        };
        watchers.set(session, (w = createPodWatcher({ watchPod })));
      }
      return w;
    },
    release: (holder) => pool?.release(holder),
    dispose() {
      for (const w of watchers.values()) w.dispose();
      watchers.clear();
      pool?.dispose();
    },
  };
}
