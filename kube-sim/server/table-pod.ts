/** The pod row of `kubectl get pods`, ported from kubernetes pkg/printers/internalversion printPod. */
import type { KubeObject } from '../store/types.ts';
import { ageSince } from './human-duration.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON here */

/** The STATUS word kubectl shows: phase, a container's waiting/terminated reason, or Terminating. */
export function podStatusReason(pod: KubeObject): {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart?: string;
} {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';
  let ready = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  let hasRunning = false;
  const statuses: any[] = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    restarts += c.restartCount ?? 0;
    if (c.lastState?.terminated?.finishedAt) lastRestart = c.lastState.terminated.finishedAt;
    const st = c.state ?? {};
    if (st.waiting?.reason) reason = st.waiting.reason;
    else if (st.terminated?.reason) reason = st.terminated.reason;
    else if (st.terminated)
      reason = st.terminated.signal
        ? `Signal:${st.terminated.signal}`
        : `ExitCode:${st.terminated.exitCode}`;
    else if (c.ready && st.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    const readyCond = (status.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    );
    reason = readyCond ? 'Running' : 'NotReady';
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';
  return { reason, ready, restarts, lastRestart };
}

export const podColumns = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace.',
    priority: 0,
  },
  {
    name: 'Ready',
    type: 'string',
    format: '',
    description: 'The aggregate readiness state of this pod for accepting traffic.',
    priority: 0,
  },
  {
    name: 'Status',
    type: 'string',
    format: '',
    description: 'The aggregate status of the containers in this pod.',
    priority: 0,
  },
  {
    name: 'Restarts',
    type: 'string',
    format: '',
    description:
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    priority: 0,
  },
  {
    name: 'Age',
    type: 'string',
    format: '',
    description: 'CreationTimestamp of the object.',
    priority: 0,
  },
  {
    name: 'IP',
    type: 'string',
    format: '',
    description: 'IP address allocated to the pod.',
    priority: 1,
  },
  {
    name: 'Node',
    type: 'string',
    format: '',
    description: 'Name of the node this pod is scheduled on.',
    priority: 1,
  },
  {
    name: 'Nominated Node',
    type: 'string',
    format: '',
    description: 'Name of the node this pod is nominated to.',
    priority: 1,
  },
  {
    name: 'Readiness Gates',
    type: 'string',
    format: '',
    description: 'Readiness gates of this pod.',
    priority: 1,
  },
];

/** Cells of one pod row. */
export function podCells(pod: KubeObject, now: number): unknown[] {
  const { reason, ready, restarts, lastRestart } = podStatusReason(pod);
  const total = (pod.spec?.containers ?? []).length;
  const restartsStr =
    restarts !== 0 && lastRestart
      ? `${restarts} (${ageSince(lastRestart, now)} ago)`
      : String(restarts);
  const gates: any[] = pod.spec?.readinessGates ?? [];
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restartsStr,
    ageSince(pod.metadata.creationTimestamp, now),
    pod.status?.podIP || '<none>',
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    gates.length ? `0/${gates.length}` : '<none>',
  ];
}
