import type { KubeTargets } from '../../shared/model.ts';

export interface TargetOption {
  path: string;
  kind: string;
  name: string;
  ready?: boolean;
}

/** Workloads and Services whose path contains every typed word, workloads first; at most `max`. */
export function searchTargets(
  targets: KubeTargets | undefined,
  query: string,
  max = 50,
): TargetOption[] {
  if (!targets) return [];
  const words = query
    .toLowerCase()
    .split(/[\s/]+/)
    .filter(Boolean);
  const all: TargetOption[] = [
    ...targets.workloads.map((w) => ({ path: w.path, kind: w.kind, name: w.name, ready: w.ready })),
    ...targets.services.map((s) => ({ path: s.path, kind: 'service', name: s.name })),
  ];
  return all.filter((o) => words.every((w) => o.path.toLowerCase().includes(w))).slice(0, max);
}
