/** Job → Pods: runs up to `parallelism` pods until `completions` succeed or `backoffLimit` is passed. */
import { deleteObject } from '../store/delete.ts';
import { randomSuffix, rfc3339 } from '../store/ids.ts';
import { resourceByKey } from '../store/resources.ts';
import type { Store } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { isActive, isReady, keyOf, ownedBy, ownerKeys, podFromTemplate } from './owned.ts';
import type { Controller } from './queue.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

const PODS = resourceByKey('pods')!;

function finished(job: KubeObject): boolean {
  return (job.status?.conditions ?? []).some(
    (c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function condition(store: Store, type: string, reason: string, message: string): any {
  const now = rfc3339(store.now());
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

interface Counts {
  succeeded: number;
  failed: number;
}

/** One step: fail past the backoff limit, complete at `completions`, else run up to `parallelism`. */
function step(store: Store, job: KubeObject, counts: Counts): any[] {
  const active = ownedBy(store, 'pods', job).filter(isActive);
  const { name, namespace } = job.metadata;
  const completions: number = job.spec.completions ?? 1;
  if (counts.failed > (job.spec.backoffLimit ?? 6)) {
    for (const p of active) deleteObject(store, PODS, namespace, p.metadata.name);
    const msg = 'Job has reached the specified backoff limit';
    return [condition(store, 'Failed', 'BackoffLimitExceeded', msg)];
  }
  if (counts.succeeded >= completions) {
    const msg = 'Reached expected number of succeeded pods';
    return ['SuccessCriteriaMet', 'Complete'].map((t) =>
      condition(store, t, 'CompletionsReached', msg),
    );
  }
  const want = Math.min(job.spec.parallelism ?? 1, completions - counts.succeeded) - active.length;
  for (let i = 0; i < want; i++) {
    const pod = podFromTemplate(job, job.spec.template, {});
    pod.metadata.generateName = `${name}-`;
    pod.metadata.name = `${name}-${randomSuffix()}`;
    store.create('pods', pod);
  }
  return [];
}

function writeStatus(store: Store, job: KubeObject, counts: Counts, conditions: any[]): void {
  store.mutate('jobs.batch', job.metadata.namespace, job.metadata.name, (o) => {
    const active = ownedBy(store, 'pods', o).filter(isActive);
    o.status = {
      ...(o.status ?? {}),
      startTime: o.status?.startTime ?? rfc3339(store.now()),
      active: active.length || undefined,
      ready: active.filter(isReady).length,
      succeeded: counts.succeeded || undefined,
      failed: counts.failed || undefined,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (conditions.length) {
      o.status.conditions = conditions;
      if (conditions.some((c) => c.type === 'Complete'))
        o.status.completionTime = rfc3339(store.now());
    }
    for (const k of Object.keys(o.status)) if (o.status[k] === undefined) delete o.status[k];
  });
}

/** The Job controller. */
export function jobController(store: Store): Controller {
  return {
    name: 'job',
    keysFor(ev) {
      if (ev.resource === 'jobs.batch') return [keyOf(ev.object)];
      if (ev.resource === 'pods') return ownerKeys(ev, 'Job');
      return [];
    },
    initialKeys: () => store.list('jobs.batch').map(keyOf),
    reconcile(key) {
      const [ns, name] = key.split('/') as [string, string];
      const job = store.get('jobs.batch', ns, name);
      if (!job || job.spec?.suspend || finished(job)) return;
      const pods = ownedBy(store, 'pods', job);
      const counts = {
        succeeded: pods.filter((p) => p.status?.phase === 'Succeeded').length,
        failed: pods.filter((p) => p.status?.phase === 'Failed').length,
      };
      writeStatus(store, job, counts, step(store, job, counts));
    },
  };
}
