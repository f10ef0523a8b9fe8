/** Pure helpers that write a pod's status the way the kubelet reports it. */
import { createHash } from 'node:crypto';
import type { ContainerState } from '../runtime/types.ts';
import { rfc3339 } from '../store/ids.ts';
import type { KubeObject } from '../store/types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON here */

function hex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** A fresh container status in `waiting: ContainerCreating`. */
export function newContainerStatus(pod: KubeObject, c: { name: string; image: string }): any {
  return {
    name: c.name,
    state: { waiting: { reason: 'ContainerCreating' } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: c.image,
    imageID: '',
    started: false,
  };
}

/** Applies a runtime-reported state to a container status (counts restarts like the kubelet). */
export function applyContainerState(pod: KubeObject, cs: any, state: ContainerState): void {
  const prev = cs.state ?? {};
  if ('running' in state && prev.terminated) {
    cs.restartCount = (cs.restartCount ?? 0) + 1;
    cs.lastState = { terminated: prev.terminated };
  }
  cs.state = structuredClone(state);
  const running = 'running' in state;
  cs.started = running;
  if (running || 'terminated' in state) {
    cs.imageID = `docker.io/${cs.image}@sha256:${hex(cs.image)}`;
    cs.containerID = `containerd://${hex(pod.metadata.uid, cs.name, String(cs.restartCount ?? 0))}`;
  }
  if (!running) cs.ready = false;
}

function setCondition(
  pod: KubeObject,
  type: string,
  ok: boolean,
  now: number,
  reason?: string,
): void {
  const conds: any[] = (pod.status.conditions ??= []);
  const status = ok ? 'True' : 'False';
  const cur = conds.find((c) => c.type === type);
  if (cur && cur.status === status) return;
  const next: any = { type, status, lastProbeTime: null, lastTransitionTime: rfc3339(now) };
  if (!ok && reason) next.reason = reason;
  if (cur) Object.assign(cur, next);
  else conds.push(next);
}

const CONDITION_ORDER = [
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
];

/** Recomputes container readiness and the pod conditions; `readyGate` false forces not-ready. */
export function refreshReadiness(pod: KubeObject, now: number, readyGate: boolean): void {
  const statuses: any[] = pod.status.containerStatuses ?? [];
  for (const cs of statuses) cs.ready = Boolean(cs.state?.running) && readyGate;
  const scheduled = Boolean(pod.spec?.nodeName);
  const sandbox = scheduled && pod.status.phase !== 'Pending' ? true : Boolean(pod.status.podIP);
  const allReady = statuses.length > 0 && statuses.every((c) => c.ready);
  const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
  setCondition(pod, 'PodScheduled', scheduled, now);
  if (!scheduled) return;
  setCondition(pod, 'PodReadyToStartContainers', sandbox && !terminal, now);
  setCondition(pod, 'Initialized', true, now);
  setCondition(
    pod,
    'ContainersReady',
    allReady,
    now,
    terminal ? 'PodCompleted' : 'ContainersNotReady',
  );
  setCondition(pod, 'Ready', allReady, now, terminal ? 'PodCompleted' : 'ContainersNotReady');
  pod.status.conditions.sort(
    (a: any, b: any) => CONDITION_ORDER.indexOf(a.type) - CONDITION_ORDER.indexOf(b.type),
  );
}

/** Binds a pending pod to the node: nodeName, host IP, start time, ContainerCreating statuses. */
export function bindPod(pod: KubeObject, node: { name: string; ip: string }, now: number): void {
  pod.spec.nodeName = node.name;
  const st = pod.status;
  st.hostIP = node.ip;
  st.hostIPs = [{ ip: node.ip }];
  st.startTime = rfc3339(now);
  st.containerStatuses = (pod.spec.containers ?? []).map((c: any) => newContainerStatus(pod, c));
  refreshReadiness(pod, now, true);
}

/** Phase after a container change: pods that do not restart finish when every container ended. */
export function terminalPhase(pod: KubeObject): 'Succeeded' | 'Failed' | undefined {
  if ((pod.spec?.restartPolicy ?? 'Always') === 'Always') return undefined;
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  if (!statuses.length || !statuses.every((c) => c.state?.terminated)) return undefined;
  return statuses.every((c) => c.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
}
