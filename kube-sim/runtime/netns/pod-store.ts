/** The runtime's table of pods it runs, with their containers and log buffers. */
import type { ContainerSpec, ContainerState, PodRef, PodSpecForRuntime } from '../types.ts';
import type { SandboxClient } from './sandbox-client.ts';
import type { PodNet } from './topology.ts';

/** Logs keep at most this many characters per container (the newest), so memory stays bounded. */
export const MAX_LOG_CHARS = 4 * 1024 * 1024;

export interface PodEntry {
  ref: PodRef;
  spec: PodSpecForRuntime;
  net: PodNet;
  sandbox?: SandboxClient;
  /** Regular and ephemeral containers by name. */
  containers: Map<string, ContainerSpec>;
  logs: Map<string, string>;
  /** Last state reported per container. */
  states: Map<string, ContainerState>;
  /** Set once stopPod began; states are no longer reported after that. */
  stopping?: Promise<void>;
}

const keyOf = (ref: PodRef): string => `${ref.namespace}/${ref.name}/${ref.uid}`;

/** Creates an empty pod table. */
export function createPodStore(): {
  add(spec: PodSpecForRuntime, net: PodNet): PodEntry;
  get(ref: PodRef): PodEntry | undefined;
  remove(entry: PodEntry): void;
  all(): PodEntry[];
  appendLog(entry: PodEntry, container: string, data: string): void;
} {
  const pods = new Map<string, PodEntry>();
  return {
    add(spec, net) {
      const ref = { namespace: spec.namespace, name: spec.name, uid: spec.uid };
      const entry: PodEntry = {
        ref,
        spec,
        net,
        containers: new Map(spec.containers.map((c) => [c.name, c])),
        logs: new Map(),
        states: new Map(),
      };
      pods.set(keyOf(ref), entry);
      return entry;
    },
    get: (ref) => pods.get(keyOf(ref)),
    remove(entry) {
      if (pods.get(keyOf(entry.ref)) === entry) pods.delete(keyOf(entry.ref));
    },
    all: () => [...pods.values()],
    appendLog(entry, container, data) {
      const next = (entry.logs.get(container) ?? '') + data;
      entry.logs.set(container, next.length > MAX_LOG_CHARS ? next.slice(-MAX_LOG_CHARS) : next);
    },
  };
}
