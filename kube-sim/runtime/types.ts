/**
 * The seam between the kube-sim API server (store, controllers, REST, streaming endpoints) and
 * whatever runs pods: in-process loopback listeners, or Linux network namespaces (netns mode).
 * The API server only ever talks to pods through this interface.
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface ContainerPort {
  containerPort: number;
  name?: string;
  protocol?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
}

/** The fields of a (possibly ephemeral) container the runtime needs. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  securityContext?: { capabilities?: { add?: string[]; drop?: string[] }; privileged?: boolean };
}

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface PodSpecForRuntime extends PodRef {
  containers: ContainerSpec[];
  /** Pod labels; apps do not use them, the netns DNS may. */
  labels?: Record<string, string>;
}

/** Mirrors core/v1 ContainerState: exactly one key is set. */
export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        message?: string;
        startedAt?: string;
        finishedAt: string;
      };
    };

export interface RuntimeHooks {
  /** Called on every container state change (regular and ephemeral containers). */
  onContainerState(pod: PodRef, container: string, state: ContainerState): void;
}

export interface ExecIO {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
}

export interface PodRuntime {
  readonly mode: 'loopback' | 'netns';
  /** Starts the pod's containers; resolves with its IP once its apps accept connections. */
  startPod(pod: PodSpecForRuntime): Promise<{ podIP: string }>;
  /** Kills the pod's processes and frees its resources (sockets, namespace). Idempotent. */
  stopPod(pod: PodRef): Promise<void>;
  /** Starts an ephemeral container inside a running pod (same network namespace). */
  startEphemeralContainer(pod: PodRef, container: ContainerSpec): Promise<void>;
  /** Connects to `port` on the pod's own localhost, as the kubelet does for port-forward. */
  dial(pod: PodRef, port: number): Promise<Duplex>;
  /** Runs a command in a container; resolves with its exit code. */
  exec(pod: PodRef, container: string, argv: string[], io: ExecIO): Promise<number>;
  /** Everything the container wrote to stdout/stderr so far. */
  logs(pod: PodRef, container: string): string;
  /** Stops every pod and removes everything the runtime created. */
  dispose(): Promise<void>;
  /** netns mode only: the API server must allocate Service ClusterIPs from this CIDR. */
  readonly serviceCIDR?: string;
  /**
   * netns mode only: the runtime implements Services itself (kube-proxy rules + cluster DNS).
   * Call on every Service/Endpoints change with `networkStateFromObjects(services, endpoints)`
   * from kube-sim/runtime/netns/index.ts; calls are applied in order, newest state wins.
   */
  syncNetwork?(state: unknown): Promise<void>;
}
