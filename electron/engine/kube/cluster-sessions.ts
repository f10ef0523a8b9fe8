/**
 * Cluster connections per (kubeconfig, context) for the forwarder and the pickers, cached until
 * the kubeconfig changes: `drop` forgets the sessions of contexts whose definition changed
 * (rotated token or CA, new server), so the next use loads them afresh. A failed load is never
 * cached, so a fix is picked up at the next try.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeContext } from '../../../shared/model.ts';
import { listContexts, loadKubeConfigAsync, type KubeConfigEnv } from './kubeconfig.ts';
import { sessionFromKubeConfig, type KubeSession, type KubeSessions } from './kube-session.ts';
import { createPickerApi, type PickerApi } from './picker-api.ts';

export interface Cluster {
  session: KubeSession;
  picker: PickerApi;
}

export interface ClusterSessions {
  /** For the forwarder: one session per (kubeconfig, context), kept until `drop`. */
  readonly sessions: KubeSessions;
  /** A context of the default kubeconfig (KUBECONFIG or ~/.kube/config), for the pickers. */
  cluster(context: string): Promise<Cluster>;
  /** The default kubeconfig's contexts, current one marked; throws a KubeConfig error. */
  contexts(): Promise<KubeContext[]>;
  /** Forgets sessions of these contexts; `''` stands for "the current context" (its default). */
  drop(contexts: ReadonlySet<string>): void;
}

export interface ClusterSessionsOptions {
  execPath?: () => Promise<string | undefined>;
  env?: KubeConfigEnv['env'];
  home?: string;
  /** Builds the pickers' reads (tests pass fakes). */
  pickerApi?: (kc: KubeConfig) => PickerApi;
}

interface Entry {
  /** What was asked for ('' = current context); matched against `drop`. */
  asked: string;
  /** The context it resolved to, once loaded. */
  context?: string;
  cluster: Promise<Cluster & { context: string }>;
}

export function createClusterSessions(o: ClusterSessionsOptions = {}): ClusterSessions {
  const cache = new Map<string, Entry>();
  const envs = async (): Promise<KubeConfigEnv> => {
    const execPath = await o.execPath?.();
    return {
      ...(execPath ? { execPath } : {}),
      ...(o.env ? { env: o.env } : {}),
      ...(o.home ? { home: o.home } : {}),
    };
  };
  const get = (kubeconfig: string | undefined, context: string | undefined): Entry['cluster'] => {
    const key = `${kubeconfig ?? ''}\u0000${context ?? ''}`;
    let e = cache.get(key);
    if (!e) {
      const cluster = (async () => {
        const kc = await loadKubeConfigAsync({ kubeconfig, context }, await envs());
        const session = sessionFromKubeConfig(kc);
        const picker = (o.pickerApi ?? createPickerApi)(kc);
        return { session, picker, context: kc.currentContext };
      })();
      const entry: Entry = { asked: context ?? '', cluster };
      cache.set(key, (e = entry));
      cluster.then(
        (c) => (entry.context = c.context),
        () => cache.get(key) === entry && cache.delete(key),
      );
    }
    return e.cluster;
  };
  return {
    sessions: async (src) => (await get(src.kubeconfig, src.context)).session,
    cluster: (context) => get(undefined, context),
    async contexts() {
      return listContexts(await loadKubeConfigAsync({}, await envs(), { checkContext: false }));
    },
    drop(contexts) {
      // A load still under way may have read the old file: it goes too.
      for (const [key, e] of cache) {
        if (e.context === undefined || contexts.has(e.asked) || contexts.has(e.context))
          cache.delete(key);
      }
    },
  };
}
