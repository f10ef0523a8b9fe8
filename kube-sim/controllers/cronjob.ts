/** CronJob → Jobs at each scheduled minute (UTC), honouring suspend, concurrency and history limits. */
import { deleteObject } from '../store/delete.ts';
import { rfc3339 } from '../store/ids.ts';
import { resourceByKey } from '../store/resources.ts';
import type { Store } from '../store/store.ts';
import { newMeta, type KubeObject } from '../store/types.ts';
import { parseCron } from './cron.ts';
import { controllerRef, keyOf, ownedBy, ownerKeys } from './owned.ts';
import type { Controller } from './queue.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

const JOBS = resourceByKey('jobs.batch')!;

const isFinished = (job: KubeObject) =>
  (job.status?.conditions ?? []).some(
    (c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );

function jobFor(cj: KubeObject, scheduledMs: number): KubeObject {
  const t = structuredClone(cj.spec.jobTemplate ?? {});
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: newMeta({
      name: `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`,
      namespace: cj.metadata.namespace,
      labels: t.metadata?.labels,
      annotations: {
        ...(t.metadata?.annotations ?? {}),
        'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339(scheduledMs),
      },
      ownerReferences: [controllerRef(cj)],
    }),
    spec: t.spec ?? {},
  };
}

function pruneHistory(store: Store, jobs: KubeObject[], cj: KubeObject): void {
  const done = jobs
    .filter(isFinished)
    .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
  const failed = (j: KubeObject) =>
    (j.status?.conditions ?? []).some((c: any) => c.type === 'Failed' && c.status === 'True');
  const prune = (list: KubeObject[], keep: number) => {
    for (const j of list.slice(0, Math.max(0, list.length - keep)))
      deleteObject(store, JOBS, j.metadata.namespace, j.metadata.name);
  };
  prune(
    done.filter((j) => !failed(j)),
    cj.spec.successfulJobsHistoryLimit ?? 3,
  );
  prune(done.filter(failed), cj.spec.failedJobsHistoryLimit ?? 1);
}

/** Fires a due schedule; returns the next fire time. */
function fire(store: Store, cj: KubeObject, due: number): void {
  const jobs = ownedBy(store, 'jobs.batch', cj);
  const active = jobs.filter((j) => !isFinished(j));
  const policy = cj.spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length) return;
  if (policy === 'Replace')
    for (const j of active) deleteObject(store, JOBS, j.metadata.namespace, j.metadata.name);
  if (!store.get('jobs.batch', cj.metadata.namespace, jobFor(cj, due).metadata.name))
    store.create('jobs.batch', jobFor(cj, due));
  store.mutate(
    'cronjobs.batch',
    cj.metadata.namespace,
    cj.metadata.name,
    (o) => void (o.status = { ...(o.status ?? {}), lastScheduleTime: rfc3339(due) }),
  );
}

/** The CronJob controller; it keeps one timer per CronJob for its next fire time. */
export function cronJobController(
  store: Store,
  onError: (err: unknown, where: string) => void,
): Controller {
  const timers = new Map<string, NodeJS.Timeout>();
  let reconcile: (key: string) => void = () => {};
  const arm = (key: string, at: number) => {
    clearTimeout(timers.get(key));
    const t = setTimeout(
      () => reconcile(key),
      Math.max(0, Math.min(at - store.now(), 2 ** 31 - 1)),
    );
    t.unref?.();
    timers.set(key, t);
  };
  reconcile = (key) => {
    const [ns, name] = key.split('/') as [string, string];
    const cj = store.get('cronjobs.batch', ns, name);
    clearTimeout(timers.get(key));
    timers.delete(key);
    if (!cj) return;
    try {
      const schedule = parseCron(cj.spec.schedule ?? '');
      const last = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp);
      const due = schedule.next(last);
      if (due !== undefined && due <= store.now() && !cj.spec.suspend) fire(store, cj, due);
      const jobs = ownedBy(store, 'jobs.batch', cj);
      pruneHistory(store, jobs, cj);
      store.mutate('cronjobs.batch', ns, name, (o) => {
        const active = jobs
          .filter((j) => !isFinished(j))
          .map((j) => ({
            kind: 'Job',
            namespace: ns,
            name: j.metadata.name,
            uid: j.metadata.uid,
            apiVersion: 'batch/v1',
          }));
        o.status = { ...(o.status ?? {}), ...(active.length ? { active } : {}) };
        if (!active.length) delete o.status.active;
      });
      const next = schedule.next(Math.max(store.now(), due ?? 0) - 1);
      if (next !== undefined) arm(key, next);
    } catch (err) {
      onError(err, `cronjob ${key}`);
    }
  };
  return {
    name: 'cronjob',
    keysFor(ev) {
      if (ev.resource === 'cronjobs.batch') return [keyOf(ev.object)];
      if (ev.resource === 'jobs.batch') return ownerKeys(ev, 'CronJob');
      return [];
    },
    initialKeys: () => store.list('cronjobs.batch').map(keyOf),
    reconcile: (key) => reconcile(key),
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
