/** Defaulting for workloads, services and namespaces: the fields the apiserver fills in. */
import { defaultPodSpec } from './pod-defaults.ts';
import type { KubeObject } from './types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

function defaultTemplate(template: any): void {
  if (!template) return;
  template.metadata ??= {};
  template.metadata.creationTimestamp ??= null;
  defaultPodSpec((template.spec ??= {}));
}

/** Deployment (and Argo Rollout, which copies its shape). */
export function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (obj.kind === 'Deployment') {
    spec.strategy ??= { type: 'RollingUpdate' };
    if (spec.strategy.type === 'RollingUpdate')
      spec.strategy.rollingUpdate ??= { maxUnavailable: '25%', maxSurge: '25%' };
  }
  defaultTemplate(spec.template);
  obj.status ??= {};
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
  obj.status ??= { replicas: 0 };
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  defaultTemplate(spec.template);
  obj.status ??= { replicas: 0, availableReplicas: 0 };
}

/** Job: parallelism/completions, and the controller-uid selector unless `manualSelector`. */
export function defaultJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (spec.parallelism === undefined && spec.completions === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.template ??= {};
  if (!spec.manualSelector) {
    const uid = obj.metadata.uid;
    const labels = (spec.template.metadata ??= {}).labels ?? {};
    spec.template.metadata.labels = {
      ...labels,
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': obj.metadata.name,
      'controller-uid': uid,
      'job-name': obj.metadata.name,
    };
    spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  }
  defaultTemplate(spec.template);
  obj.status ??= {};
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec = ((spec.jobTemplate ??= {}).spec ??= {});
  defaultTemplate(jobSpec.template);
  obj.status ??= {};
}

export function defaultNamespace(obj: KubeObject, old: KubeObject | undefined): void {
  obj.metadata.labels = {
    ...(obj.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': obj.metadata.name,
  };
  obj.spec ??= { finalizers: ['kubernetes'] };
  obj.status ??= structuredClone(old?.status ?? { phase: 'Active' });
}

/** Service defaults; `allocate` hands out a free cluster IP / node port. */
export function defaultService(
  obj: KubeObject,
  old: KubeObject | undefined,
  allocate: { clusterIP(): string; nodePort(): number },
): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.clusterIP ??= old?.spec?.clusterIP ?? allocate.clusterIP();
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  const oldPorts: any[] = old?.spec?.ports ?? [];
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      p.nodePort ??= oldPorts.find((o) => o.port === p.port)?.nodePort ?? allocate.nodePort();
    }
  }
  if (spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  obj.status ??= structuredClone(old?.status ?? { loadBalancer: {} });
}
