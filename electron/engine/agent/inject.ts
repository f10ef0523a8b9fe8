/**
 * Puts an agent into the cluster and waits until its container runs:
 * - targeted: an ephemeral container `portside-agent-<random>` added to the target pod (it shares
 *   the pod's network namespace, resolver and loopback);
 * - targetless: a pod `portside-agent-<random>` labelled managed-by=portside with
 *   activeDeadlineSeconds, so it cannot outlive a crashed engine (the agent also exits after 60 s
 *   without a session).
 * Fails fast with the cluster's reason: image pull errors, RBAC refusals, pod deletion, timeout.
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { PortsideError } from '../../../shared/errors.ts';
import type { AgentView } from '../../../shared/model.ts';
import { ENV_IDLE_MS, ENV_PORT, ENV_SECRET_HASH } from '../../../agent/src/protocol.ts';
import type { KubeApi } from '../kube/kube-api.ts';
import type { KubeWriter } from './kube-write.ts';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'portside' };
export const DEFAULT_IMAGE = 'portside/agent:0.1.0';
/** Hard cap on a targetless agent pod's life (it normally exits long before: idle timeout). */
const TARGETLESS_DEADLINE_S = 12 * 3600;
const PULL_FAILURES = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

export interface InjectRequest {
  namespace: string;
  /** Target pod; undefined = targetless (an agent pod of its own). */
  pod?: string;
  image: string;
  script: string;
  port: number;
  secretHash: string;
  startupTimeoutMs: number;
  idleMs?: number;
  /** Capabilities asked for the agent container (steal needs NET_ADMIN). */
  capabilities?: string[];
}

export interface Injected {
  namespace: string;
  /** The pod the agent runs in (the target, or the agent pod we created). */
  pod: string;
  container: string;
  /** We created this pod and delete it on a clean stop. */
  ownPod: boolean;
}

export type Progress = (state: AgentView['state'], reason?: string) => void;

function container(r: InjectRequest, name: string): Record<string, unknown> {
  const env = [
    { name: ENV_PORT, value: String(r.port) },
    { name: ENV_SECRET_HASH, value: r.secretHash },
    ...(r.idleMs ? [{ name: ENV_IDLE_MS, value: String(r.idleMs) }] : []),
  ];
  return {
    name,
    image: r.image,
    command: ['node', '-e', r.script],
    env,
    // steal needs NET_ADMIN for iptables; nothing else is asked for.
    securityContext: { capabilities: { add: r.capabilities ?? ['NET_ADMIN'] } },
  };
}

/** Adds the agent to the cluster; resolves once it was accepted (not yet running). */
export async function createAgent(writer: KubeWriter, r: InjectRequest): Promise<Injected> {
  const name = `portside-agent-${randomBytes(5).toString('hex')}`;
  if (r.pod) {
    await writer.patchEphemeral(r.namespace, r.pod, container(r, name));
    return { namespace: r.namespace, pod: r.pod, container: name, ownPod: false };
  }
  await writer.createPod(r.namespace, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: r.namespace,
      labels: { ...MANAGED_BY, 'app.kubernetes.io/name': 'portside-agent' },
    },
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: TARGETLESS_DEADLINE_S,
      terminationGracePeriodSeconds: 1,
      containers: [container(r, name)],
    },
  });
  return { namespace: r.namespace, pod: name, container: name, ownPod: true };
}

const statusOf = (pod: V1Pod, a: Injected): V1ContainerStatus | undefined =>
  (a.ownPod ? pod.status?.containerStatuses : pod.status?.ephemeralContainerStatuses)?.find(
    (s) => s.name === a.container,
  );

/** 'running' when done, a progress state while waiting, or a failure in words. */
export function judge(pod: V1Pod, a: Injected, image: string): AgentView['state'] | PortsideError {
  if (pod.metadata?.deletionTimestamp)
    return new PortsideError(
      'TargetNotReady',
      `pod ${a.pod} is being deleted, so the agent cannot run there`,
    );
  const s = statusOf(pod, a);
  const waiting = s?.state?.waiting;
  if (waiting?.reason && PULL_FAILURES.has(waiting.reason))
    return new PortsideError(
      'TargetNotReady',
      `the agent image "${image}" cannot be pulled (${waiting.reason}): ${waiting.message ?? ''}`.trim(),
    );
  const done = s?.state?.terminated;
  if (done)
    return new PortsideError(
      'TargetNotReady',
      `the agent exited at start (${done.reason ?? 'terminated'}, exit code ${done.exitCode})${done.message ? `: ${done.message}` : ''}`,
    );
  if (s?.state?.running) return 'running';
  return waiting ? 'pulling' : 'creating';
}

/**
 * Waits until the agent container runs, reporting progress; rejects with the cluster's reason.
 * Polls (every 250 ms, within the startup timeout) rather than watching: a few reads per agent.
 */
export async function waitRunning(
  api: KubeApi,
  a: Injected,
  image: string,
  timeoutMs: number,
  progress: Progress,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    let pod: V1Pod;
    try {
      pod = await api.getPod(a.namespace, a.pod);
    } catch (err) {
      if (err instanceof PortsideError && err.kind === 'TargetNotFound')
        throw new PortsideError(
          'TargetNotReady',
          `pod ${a.pod} was deleted while the agent was starting`,
        );
      throw err;
    }
    const state = judge(pod, a, image);
    if (state instanceof PortsideError) throw state;
    if (state === 'running') return;
    if (state !== last) progress(state);
    last = state;
    if (Date.now() > deadline)
      throw new PortsideError(
        'TargetNotReady',
        `the agent did not start within ${Math.round(timeoutMs / 1000)} s (last state: ${last})`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
