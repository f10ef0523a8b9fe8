/** Pure conversion of Kubernetes objects into what the target picker lists. */
import type { V1Container, V1Pod, V1PodSpec, V1Service } from '@kubernetes/client-node';
import type {
  ContainerInfo,
  ServiceInfo,
  WorkloadInfo,
  WorkloadKind,
} from '../../../shared/model.ts';
import { isPodReady } from './pod-status.ts';

/** The fields of a workload object the picker reads (any of the kinds it lists). */
export interface RawWorkload {
  metadata?: {
    name?: string;
    ownerReferences?: Array<{ kind?: string; controller?: boolean }>;
  };
  spec?: {
    template?: { spec?: V1PodSpec };
    jobTemplate?: { spec?: { template?: { spec?: V1PodSpec } } };
  };
  status?: { readyReplicas?: number; active?: number };
}

const KIND_ORDER: readonly WorkloadKind[] = [
  'deployment',
  'statefulset',
  'rollout',
  'cronjob',
  'job',
  'replicaset',
  'pod',
];

export function containersOf(containers: V1Container[] | undefined): ContainerInfo[] {
  return (containers ?? []).map((c) => ({
    name: c.name,
    ports: (c.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.containerPort,
      protocol: p.protocol ?? 'TCP',
    })),
  }));
}

function templateOf(kind: WorkloadKind, w: RawWorkload): V1PodSpec | undefined {
  return kind === 'cronjob' ? w.spec?.jobTemplate?.spec?.template?.spec : w.spec?.template?.spec;
}

function readyOf(kind: WorkloadKind, w: RawWorkload): boolean | undefined {
  if (kind === 'cronjob') return undefined;
  if (kind === 'job') return (w.status?.active ?? 0) > 0;
  return (w.status?.readyReplicas ?? 0) > 0;
}

/** A ReplicaSet a Deployment or Rollout manages is listed under its owner, not on its own. */
function managed(kind: WorkloadKind, w: RawWorkload): boolean {
  if (kind !== 'replicaset') return false;
  return (w.metadata?.ownerReferences ?? []).some(
    (o) => o.controller && (o.kind === 'Deployment' || o.kind === 'Rollout'),
  );
}

export function workloadInfo(kind: WorkloadKind, w: RawWorkload): WorkloadInfo | undefined {
  const name = w.metadata?.name;
  if (!name || managed(kind, w)) return undefined;
  const ready = readyOf(kind, w);
  return {
    kind,
    name,
    path: `${kind}/${name}`,
    containers: containersOf(templateOf(kind, w)?.containers),
    ...(ready !== undefined ? { ready } : {}),
  };
}

export function podInfo(pod: V1Pod): WorkloadInfo | undefined {
  const name = pod.metadata?.name;
  if (!name) return undefined;
  return {
    kind: 'pod',
    name,
    path: `pod/${name}`,
    containers: containersOf(pod.spec?.containers),
    ready: isPodReady(pod),
  };
}

export function serviceInfo(svc: V1Service): ServiceInfo | undefined {
  const name = svc.metadata?.name;
  if (!name) return undefined;
  return {
    name,
    path: `service/${name}`,
    ports: (svc.spec?.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
      protocol: p.protocol ?? 'TCP',
    })),
  };
}

/** Kind order (deployments first: what users target most), then name. */
export function sortWorkloads(list: WorkloadInfo[]): WorkloadInfo[] {
  return [...list].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
}
