/** Starting ephemeral containers added to a running pod, and reporting them in its status. */
import type { ContainerState, PodRuntime } from '../runtime/types.ts';
import { rfc3339 } from '../store/ids.ts';
import type { KubeObject } from '../store/types.ts';
import { applyContainerState, newContainerStatus } from './pod-status.ts';
import { errorText } from '../../shared/errors.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON here */

export interface EphemeralDeps {
  runtime: PodRuntime;
  /** `uid/name` of containers already handed to the runtime (so each starts once). */
  started: Set<string>;
  now(): number;
  /** Mutates the pod (same incarnation only) and commits. */
  update(fn: (pod: KubeObject) => void): void;
}

/** Starts every ephemeral container of `pod` that has no status yet; its status follows the start. */
export function startEphemeralContainers(pod: KubeObject, deps: EphemeralDeps): void {
  const ref = {
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  const have = new Set((pod.status?.ephemeralContainerStatuses ?? []).map((s: any) => s.name));
  for (const ec of (pod.spec?.ephemeralContainers ?? []) as any[]) {
    const id = `${ref.uid}/${ec.name}`;
    if (have.has(ec.name) || deps.started.has(id)) continue;
    deps.started.add(id);
    deps.update((p) =>
      (p.status.ephemeralContainerStatuses ??= []).push(newContainerStatus(p, ec)),
    );
    // The runtime's hooks usually report `running` first; this only fills in when they did not.
    const setState = (state: ContainerState) =>
      deps.update((p) => {
        const cs = (p.status.ephemeralContainerStatuses ?? []).find((s: any) => s.name === ec.name);
        // Only the initial ContainerCreating is filled in: a runtime's ErrImagePull must stay.
        const creating = cs?.state?.waiting?.reason === 'ContainerCreating';
        if (cs && (creating || 'terminated' in state)) applyContainerState(p, cs, state);
      });
    const finishedAt = () => rfc3339(deps.now());
    deps.runtime.startEphemeralContainer(ref, structuredClone(ec)).then(
      () => setState({ running: { startedAt: rfc3339(deps.now()) } }),
      (err: unknown) => {
        const message = errorText(err);
        setState({
          terminated: { exitCode: 128, reason: 'StartError', message, finishedAt: finishedAt() },
        });
      },
    );
  }
}
