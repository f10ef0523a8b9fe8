/** The `/scale` subresource: an autoscaling/v1 Scale view of a workload's replicas. */
import type { ResourceType } from '../store/resources.ts';
import { selectorToString } from '../store/selectors.ts';
import { statusErrors } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';

/** Renders the Scale object of a workload. */
export function toScale(rt: ResourceType, obj: KubeObject): Record<string, unknown> {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorToString(obj.spec?.selector) },
  };
}

/** Copies `spec.replicas` from a Scale back into the workload. */
export function applyScale(rt: ResourceType, obj: KubeObject, scale: unknown): KubeObject {
  const replicas = (scale as { spec?: { replicas?: unknown } })?.spec?.replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw statusErrors.invalid('Scale', obj.metadata.name, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const out = structuredClone(obj);
  out.spec = { ...(out.spec ?? {}), replicas };
  return out;
}
