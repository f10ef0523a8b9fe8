/** `kubectl get` columns of the workload kinds (Deployments, ReplicaSets, StatefulSets, Jobs…). */
import type { KubeObject } from '../store/types.ts';
import { ageSince, humanDuration } from './human-duration.ts';
import { age, col, containers, images, labelSel, type Columns } from './table-shared.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

function jobStatus(job: KubeObject): string {
  const conds: any[] = job.status?.conditions ?? [];
  const has = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

function jobDuration(job: KubeObject, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

/** Columns per workload store key. */
export const WORKLOAD_COLUMNS: Record<string, Columns> = {
  'deployments.apps': {
    defs: [
      col('Name'),
      col('Ready'),
      col('Up-to-date', 0, 'integer'),
      col('Available', 0, 'integer'),
      col('Age'),
      col('Containers', 1),
      col('Images', 1),
      col('Selector', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      age(o, now),
      containers(o),
      images(o),
      labelSel(o.spec?.selector),
    ],
  },
  'replicasets.apps': {
    defs: [
      col('Name'),
      col('Desired', 0, 'integer'),
      col('Current', 0, 'integer'),
      col('Ready', 0, 'integer'),
      col('Age'),
      col('Containers', 1),
      col('Images', 1),
      col('Selector', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.replicas ?? 0,
      o.status?.replicas ?? 0,
      o.status?.readyReplicas ?? 0,
      age(o, now),
      containers(o),
      images(o),
      labelSel(o.spec?.selector),
    ],
  },
  'statefulsets.apps': {
    defs: [col('Name'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1)],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
      age(o, now),
      containers(o),
      images(o),
    ],
  },
  'rollouts.argoproj.io': {
    defs: [
      col('Name'),
      col('Desired', 0, 'integer'),
      col('Current', 0, 'integer'),
      col('Up-to-date', 0, 'integer'),
      col('Available', 0, 'integer'),
      col('Age'),
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.replicas ?? 0,
      o.status?.replicas ?? 0,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      age(o, now),
    ],
  },
  'jobs.batch': {
    defs: [
      col('Name'),
      col('Status'),
      col('Completions'),
      col('Duration'),
      col('Age'),
      col('Containers', 1),
      col('Images', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      jobStatus(o),
      `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`,
      jobDuration(o, now),
      age(o, now),
      containers(o),
      images(o),
    ],
  },
  'cronjobs.batch': {
    defs: [
      col('Name'),
      col('Schedule'),
      col('Timezone'),
      col('Suspend', 0, 'boolean'),
      col('Active', 0, 'integer'),
      col('Last Schedule'),
      col('Age'),
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.schedule,
      o.spec?.timeZone ?? '<none>',
      Boolean(o.spec?.suspend),
      (o.status?.active ?? []).length,
      o.status?.lastScheduleTime ? ageSince(o.status.lastScheduleTime, now) : '<none>',
      age(o, now),
    ],
  },
};
