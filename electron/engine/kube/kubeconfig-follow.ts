/**
 * What the engine does when the kubeconfig changes. A changed context (rotated token or CA,
 * another server) is loaded afresh by the pickers and by rules started from now on; running rules
 * on it start again so new connections use it too (open ones end: they were made with the old
 * settings). A rule without a context follows the current one, so it restarts when the current
 * context moved or changed. Rules naming their own kubeconfig file are not watched.
 */
import type { Rule } from '../../../shared/model.ts';
import type { Clock } from '../clock.ts';
import type { ClusterSessions } from './cluster-sessions.ts';
import { watchKubeconfig } from './kubeconfig-watch.ts';
import type { PickerService } from './pickers.ts';

export interface FollowDeps {
  clock: Clock;
  clusters: ClusterSessions;
  pickers: PickerService;
  restartRunning(match: (rule: Rule) => boolean): string[];
  log: (message: string) => void;
  kubeEnv?: { env: Record<string, string | undefined>; home: string };
}

/** Starts watching; returns the stop function. */
export function followKubeconfig(d: FollowDeps): () => void {
  let stopped = false;
  const onChange = async (changed: ReadonlySet<string>): Promise<void> => {
    const current = (await d.clusters.contexts().catch(() => [])).find((c) => c.current)?.name;
    // The engine may have been disposed meanwhile: starting rules now would outlive it.
    if (stopped) return;
    const affected = (context: string | undefined): boolean =>
      context ? changed.has(context) : changed.has('') || (!!current && changed.has(current));
    d.pickers.kubeconfigChanged(changed);
    const ids = d.restartRunning((r) => !r.kubeconfig && affected(r.context));
    if (ids.length) d.log(`kubeconfig changed: restarted ${ids.join(', ')}`);
  };
  const stop = watchKubeconfig({
    clock: d.clock,
    ...d.kubeEnv,
    log: d.log,
    onChange: (c) => void onChange(c.contexts),
  });
  return () => {
    stopped = true;
    stop();
  };
}
