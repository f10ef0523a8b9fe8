/**
 * Watches the pods that open connections use (one watch per pod, shared, refcounted) so a pod that
 * is deleted or stops ends its connections with a visible reason instead of a silent close.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi } from '../kube/kube-api.ts';

export interface PodWatcher {
  /** `kill` runs once if the pod dies; returns a stop function. */
  watch(namespace: string, pod: string, kill: (reason: string) => void): () => void;
  dispose(): void;
}

function deathOf(type: string, pod: V1Pod, name: string): string | undefined {
  if (type === 'DELETED') return `pod ${name} was deleted`;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return `pod ${name} stopped (${phase})`;
  return undefined;
}

/** `api.watchPod` may be the namespace cache's (no watch of its own) or a per-pod API watch. */
export function createPodWatcher(api: Pick<KubeApi, 'watchPod'>): PodWatcher {
  const entries = new Map<string, { kills: Set<(r: string) => void>; stop: () => void }>();
  const open = (
    namespace: string,
    pod: string,
    key: string,
  ): { kills: Set<(r: string) => void>; stop: () => void } => {
    const kills = new Set<(r: string) => void>();
    const entry = { kills, stop: () => {} };
    const fire = (reason: string): void => {
      for (const k of [...kills]) k(reason);
    };
    entry.stop = api.watchPod(
      namespace,
      pod,
      (type, obj) => {
        const why = deathOf(type, obj, pod);
        if (why) fire(why);
      },
      () => {
        // The watch ended (API restart, timeout): drop it; the next connection opens a new one.
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry;
  };
  return {
    watch(namespace, pod, kill) {
      const key = `${namespace}/${pod}`;
      let e = entries.get(key);
      if (!e) entries.set(key, (e = open(namespace, pod, key)));
      const entry = e;
      entry.kills.add(kill);
      return () => {
        entry.kills.delete(kill);
        if (entry.kills.size === 0 && entries.get(key) === entry) {
          entries.delete(key);
          entry.stop();
        }
      };
    },
    dispose() {
      for (const e of entries.values()) e.stop();
      entries.clear();
    },
  };
}
