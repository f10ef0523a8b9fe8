/** Readiness of pods, and short words for why a pod is not ready (`CrashLoopBackOff`, `Pending`). */
import type { V1Pod } from '@kubernetes/client-node';

/** Running, not terminating, Ready condition true (and the named container ready, if given). */
export function isPodReady(pod: V1Pod, container?: string): boolean {
  if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return false;
  const ready =
    pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  if (!ready) return false;
  if (!container) return true;
  return pod.status.containerStatuses?.find((s) => s.name === container)?.ready ?? false;
}

/** The one word a user recognises from `kubectl get pods`' STATUS column. */
export function podProblem(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.state?.waiting?.reason) return s.state.waiting.reason;
    if (s.state?.terminated?.reason) return s.state.terminated.reason;
  }
  const phase = pod.status?.phase ?? 'Unknown';
  return phase === 'Running' ? 'not Ready' : phase;
}

/** `2 pods, both CrashLoopBackOff` / `3 pods: 2 Pending, 1 CrashLoopBackOff` / `1 pod, Pending`. */
export function describePods(pods: V1Pod[]): string {
  if (pods.length === 0) return 'no pods';
  const counts = new Map<string, number>();
  for (const p of pods) {
    const why = podProblem(p);
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  const noun = pods.length === 1 ? '1 pod' : `${pods.length} pods`;
  if (counts.size === 1) {
    const [why] = [...counts.keys()];
    const all = pods.length === 1 ? '' : pods.length === 2 ? 'both ' : 'all ';
    return `${noun}, ${all}${why}`;
  }
  const list = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n} ${why}`);
  return `${noun}: ${list.join(', ')}`;
}

/** Ready pods first-created first, name as tie-break: a stable order for picking. */
export function sortPods(pods: V1Pod[]): V1Pod[] {
  const t = (p: V1Pod): number => new Date(p.metadata?.creationTimestamp ?? 0).getTime();
  return [...pods].sort(
    (a, b) => t(a) - t(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
}
