/**
 * The namespace lists the pickers show, kept by a watch per context (the same reflector the
 * resolution cache uses), so a namespace created or deleted reaches an open picker. Only the
 * contexts asked most recently are watched; the others stop.
 */
import type { V1Namespace } from '@kubernetes/client-node';
import type { Clock } from '../clock.ts';
import type { KubeSession } from './kube-session.ts';
import { startReflector, type Reflector } from './reflector.ts';

export interface NamespaceWatches {
  /** The namespace names of `context` from its watch, or undefined until the watch is synced. */
  names(context: string, session: KubeSession): string[] | undefined;
  /** Stops the watches of these contexts (their kubeconfig entry changed). */
  drop(contexts: ReadonlySet<string>): void;
  dispose(): void;
}

export interface NamespaceWatchOptions {
  clock: Clock;
  log: (message: string) => void;
  onChange(context: string): void;
  /** Contexts watched at once. */
  keep?: number;
}

interface Watched {
  context: string;
  session: KubeSession;
  reflector: Reflector<V1Namespace>;
}

export function createNamespaceWatches(o: NamespaceWatchOptions): NamespaceWatches {
  const watched: Watched[] = [];
  const stop = (w: Watched): void => {
    watched.splice(watched.indexOf(w), 1);
    w.reflector.stop();
  };
  const start = (context: string, session: KubeSession): Watched | undefined => {
    const source = session.api.listWatch;
    if (!source) return undefined;
    const reflector = startReflector<V1Namespace>({
      kind: 'namespaces',
      namespace: '',
      source,
      clock: o.clock,
      log: o.log,
      onChange: () => o.onChange(context),
    });
    const w = { context, session, reflector };
    watched.push(w);
    while (watched.length > (o.keep ?? 2)) stop(watched[0] as Watched);
    return w;
  };
  return {
    names(context, session) {
      let w = watched.find((x) => x.context === context && x.session === session);
      if (w) watched.push(...watched.splice(watched.indexOf(w), 1));
      else {
        for (const old of watched.filter((x) => x.context === context)) stop(old);
        w = start(context, session);
      }
      if (!w?.reflector.ready) return undefined;
      return w.reflector
        .list()
        .map((n) => n.metadata?.name ?? '')
        .filter(Boolean);
    },
    drop(contexts) {
      for (const w of watched.filter((x) => contexts.has(x.context))) stop(w);
    },
    dispose() {
      for (const w of [...watched]) stop(w);
    },
  };
}
