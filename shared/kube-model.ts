/** What the cluster pickers show: contexts, namespaces, targets with containers and ports. */
import { z } from 'zod';
import { TARGET_KINDS } from './mirrord-syntax/target.ts';
import type { TargetKind } from './mirrord-syntax/types.ts';

/** A kubeconfig context; `current` marks the kubeconfig's current-context. */
export const KubeContextSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  /** The context's default namespace (`default` when it names none). */
  namespace: z.string(),
  current: z.boolean(),
});
export type KubeContext = z.infer<typeof KubeContextSchema>;

/** A container port as declared in the pod template (`name` only when the spec names it). */
export const DeclaredPortSchema = z.object({
  name: z.string().optional(),
  port: z.number().int().min(1).max(65535),
  protocol: z.string(),
});
export type DeclaredPort = z.infer<typeof DeclaredPortSchema>;

export const ContainerInfoSchema = z.object({
  name: z.string(),
  ports: z.array(DeclaredPortSchema),
});
export type ContainerInfo = z.infer<typeof ContainerInfoSchema>;

/** Kinds a picker lists as workloads (mirrord target kinds except `service`). */
export const WorkloadKindSchema = z.enum(
  TARGET_KINDS.filter((k): k is Exclude<TargetKind, 'service'> => k !== 'service') as [
    Exclude<TargetKind, 'service'>,
    ...Exclude<TargetKind, 'service'>[],
  ],
);
export type WorkloadKind = z.infer<typeof WorkloadKindSchema>;

/** One target: `path` is the mirrord target path (`deployment/py-serv`). */
export const WorkloadInfoSchema = z.object({
  kind: WorkloadKindSchema,
  name: z.string(),
  path: z.string(),
  containers: z.array(ContainerInfoSchema),
  /** Pods: ready; workloads: at least one ready replica (absent when unknown). */
  ready: z.boolean().optional(),
});
export type WorkloadInfo = z.infer<typeof WorkloadInfoSchema>;

export const ServicePortInfoSchema = z.object({
  name: z.string().optional(),
  port: z.number().int().min(1).max(65535),
  /** The pod port it leads to: a number, or a container port's name. */
  targetPort: z.union([z.number().int(), z.string()]).optional(),
  protocol: z.string(),
});
export type ServicePortInfo = z.infer<typeof ServicePortInfoSchema>;

export const ServiceInfoSchema = z.object({
  name: z.string(),
  /** `service/<name>` */
  path: z.string(),
  ports: z.array(ServicePortInfoSchema),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

export const KubeTargetsSchema = z.object({
  context: z.string(),
  namespace: z.string(),
  /** Sorted by kind then name. */
  workloads: z.array(WorkloadInfoSchema),
  services: z.array(ServiceInfoSchema),
  /** Kinds that could not be read (e.g. no Argo rollouts CRD, forbidden), in words. */
  warnings: z.array(z.string()),
});
export type KubeTargets = z.infer<typeof KubeTargetsSchema>;

/**
 * Something a picker shows changed; the UI re-asks what it displays. `contexts`: the kubeconfig
 * changed; `namespaces` / `targets`: a watch saw a change in that context (and namespace).
 */
export const KubeChangeSchema = z.object({
  what: z.enum(['contexts', 'namespaces', 'targets']),
  context: z.string().optional(),
  namespace: z.string().optional(),
});
export type KubeChange = z.infer<typeof KubeChangeSchema>;
