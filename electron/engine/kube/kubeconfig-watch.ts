/**
 * Watches the default kubeconfig files (KUBECONFIG or ~/.kube/config) and reports which contexts
 * an edit changed: a new or removed context, a rotated token or CA, another server, another
 * current-context. Editors and `kubectl config` replace files by rename, so the folder is
 * watched, not the file; a folder that does not exist yet is polled.
 */
import { existsSync, watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorText } from '../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import { kubeconfigFiles, loadKubeConfig, type KubeConfigEnv } from './kubeconfig.ts';

/** `''` in `contexts` means the current-context moved (sessions asked for "current" are stale). */
export type KubeconfigChange = { contexts: ReadonlySet<string> };

export interface KubeconfigWatchOptions {
  clock: Clock;
  env?: KubeConfigEnv['env'];
  home?: string;
  onChange(change: KubeconfigChange): void;
  log?: (message: string) => void;
  /** Quiet time before re-reading (one save is often several writes). */
  settleMs?: number;
  /** Poll period for files whose folder does not exist. */
  pollMs?: number;
}

type Prints = Map<string, string>;

/** Per context: its own entry with its cluster and user; `''` holds the current-context name. */
export function fingerprints(kc: KubeConfig): Prints {
  const out: Prints = new Map([['', kc.currentContext ?? '']]);
  for (const ctx of kc.contexts) {
    const cluster = kc.getCluster(ctx.cluster);
    const user = kc.getUser(ctx.user);
    out.set(ctx.name, JSON.stringify({ ctx, cluster, user }));
  }
  return out;
}

/** Names whose print differs (added, removed or changed). */
export function changedContexts(before: Prints, after: Prints): Set<string> {
  const names = new Set([...before.keys(), ...after.keys()]);
  return new Set([...names].filter((n) => before.get(n) !== after.get(n)));
}

export function watchKubeconfig(o: KubeconfigWatchOptions): () => void {
  const envs: KubeConfigEnv = {
    ...(o.env ? { env: o.env } : {}),
    ...(o.home ? { home: o.home } : {}),
  };
  const files = kubeconfigFiles({}, envs).map((f) => path.resolve(f));
  const read = (): Prints => {
    try {
      return fingerprints(loadKubeConfig({}, envs, { checkContext: false }));
    } catch (err) {
      // Unreadable now (half-written, deleted): every context counts as changed until it reads.
      return new Map([['', `unreadable: ${errorText(err)}`]]);
    }
  };
  let prints = read();
  let cancel: (() => void) | undefined;
  let closed = false;
  const recheck = (): void => {
    cancel = undefined;
    if (closed) return;
    const next = read();
    const changed = changedContexts(prints, next);
    prints = next;
    if (changed.size === 0) return;
    o.log?.(`kubeconfig changed: ${[...changed].map((c) => c || '(current context)').join(', ')}`);
    o.onChange({ contexts: changed });
  };
  const poke = (): void => {
    cancel?.();
    cancel = o.clock.setTimeout(recheck, o.settleMs ?? 150);
  };
  const stops = watchFiles(files, poke, o.pollMs ?? 2000);
  return () => {
    closed = true;
    cancel?.();
    for (const s of stops) s();
  };
}

function watchFiles(files: string[], poke: () => void, pollMs: number): Array<() => void> {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = path.dirname(f);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(f)));
  }
  const stops: Array<() => void> = [];
  for (const [dir, names] of byDir) {
    if (!existsSync(dir)) {
      for (const n of names) {
        const f = path.join(dir, n);
        watchFile(f, { interval: pollMs, persistent: false }, poke);
        stops.push(() => unwatchFile(f, poke));
      }
      continue;
    }
    let w: FSWatcher | undefined;
    try {
      w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(name.toString())) poke();
      });
      w.on('error', () => undefined);
    } catch {
      continue;
    }
    stops.push(() => w?.close());
  }
  return stops;
}
