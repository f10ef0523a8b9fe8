/** Target (`deploy/x[/container/c]`, …) → one Running and Ready pod, or an error saying what was found. */
import type { V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import type { Target, TargetKind } from '../../../shared/mirrord-syntax/types.ts';
import type { KubeApi } from './kube-api.ts';
import { mapSelectorString, selectorString } from './label-selector.ts';
import { describePods, isPodReady, sortPods } from './pod-status.ts';

export type NamedTarget = Extract<Target, { name: string }>;

export interface ResolvedPod {
  pod: V1Pod;
  name: string;
  namespace: string;
  container?: string;
}

/** Chooses among ready pods; `key` identifies the workload (for round-robin pickers). */
export type PodPicker = (ready: V1Pod[], key: string) => V1Pod;
export const pickFirst: PodPicker = (ready) => ready[0] as V1Pod;

const label = (t: NamedTarget): string => `${t.kind}/${t.name}`;

/** Finds the pods a workload selects; throws TargetNotFound when the workload itself is missing. */
export async function podsOf(
  api: KubeApi,
  kind: TargetKind,
  ns: string,
  name: string,
): Promise<V1Pod[]> {
  const bySelector = async (sel: V1LabelSelector | undefined, what: string): Promise<V1Pod[]> => {
    const s = selectorString(sel);
    if (!s) throw new PortsideError('InvalidTarget', `${what} in "${ns}" has an empty selector`);
    return api.listPods(ns, s);
  };
  switch (kind) {
    case 'pod':
      return [await api.getPod(ns, name)];
    case 'deployment':
      return bySelector((await api.getDeployment(ns, name)).spec?.selector, `deployment "${name}"`);
    case 'replicaset':
      return bySelector((await api.getReplicaSet(ns, name)).spec?.selector, `replicaset "${name}"`);
    case 'statefulset':
      return bySelector(
        (await api.getStatefulSet(ns, name)).spec?.selector,
        `statefulset "${name}"`,
      );
    case 'rollout':
      return rolloutPods(api, ns, name, bySelector);
    case 'job':
      return jobPods(api, ns, name);
    case 'cronjob':
      return cronJobPods(api, ns, name);
    case 'service': {
      const svc = await api.getService(ns, name);
      const s = mapSelectorString(svc.spec?.selector);
      if (!s)
        throw new PortsideError(
          'InvalidTarget',
          `service "${name}" in "${ns}" has no selector, so it names no pods`,
        );
      return api.listPods(ns, s);
    }
  }
}

async function rolloutPods(
  api: KubeApi,
  ns: string,
  name: string,
  bySelector: (sel: V1LabelSelector | undefined, what: string) => Promise<V1Pod[]>,
): Promise<V1Pod[]> {
  const ro = await api.getRollout(ns, name);
  if (ro.spec?.selector) return bySelector(ro.spec.selector, `rollout "${name}"`);
  const ref = ro.spec?.workloadRef;
  if (ref?.kind === 'Deployment' && ref.name) {
    return bySelector(
      (await api.getDeployment(ns, ref.name)).spec?.selector,
      `deployment "${ref.name}"`,
    );
  }
  throw new PortsideError('InvalidTarget', `rollout "${name}" in "${ns}" has no selector`);
}

async function jobPods(api: KubeApi, ns: string, name: string): Promise<V1Pod[]> {
  const job = await api.getJob(ns, name);
  const sel = selectorString(job.spec?.selector) || `job-name=${name}`;
  return api.listPods(ns, sel);
}

const created = (o: { metadata?: { creationTimestamp?: Date | string } }): number =>
  new Date(o.metadata?.creationTimestamp ?? 0).getTime();

/** A CronJob's pods are those of the Jobs it owns, newest Job first. */
async function cronJobPods(api: KubeApi, ns: string, name: string): Promise<V1Pod[]> {
  await api.getCronJob(ns, name);
  const jobs = (await api.listJobs(ns))
    .filter((j) =>
      j.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === name),
    )
    .sort((a, b) => created(b) - created(a));
  const pods: V1Pod[] = [];
  for (const job of jobs) pods.push(...(await jobPods(api, ns, job.metadata?.name ?? '')));
  return pods;
}

function checkContainer(pod: V1Pod, t: NamedTarget): void {
  if (!t.container) return;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (!names.includes(t.container)) {
    throw new PortsideError(
      'InvalidTarget',
      `container "${t.container}" not found in pod ${pod.metadata?.name} of ${label(t)} (containers: ${names.join(', ')})`,
    );
  }
}

/** Resolves a named target to a Running and Ready pod in `namespace`. */
export async function resolveTarget(
  api: KubeApi,
  target: NamedTarget,
  namespace: string,
  pick: PodPicker = pickFirst,
): Promise<ResolvedPod> {
  const pods = sortPods(await podsOf(api, target.kind, namespace, target.name));
  const first = pods[0];
  if (first) checkContainer(first, target);
  const ready = pods.filter((p) => isPodReady(p, target.container));
  if (ready.length === 0) {
    const what = target.container
      ? `${label(target)} (container ${target.container})`
      : label(target);
    throw new PortsideError(
      'TargetNotReady',
      `no Ready pod for ${what} in ${namespace}: ${describePods(pods)}`,
    );
  }
  const pod = pick(ready, `${namespace}/${label(target)}`);
  const resolved: ResolvedPod = { pod, name: pod.metadata?.name ?? '', namespace };
  if (target.container) resolved.container = target.container;
  return resolved;
}
