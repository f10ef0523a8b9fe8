/**
 * The loopback pod runtime (no root needed): every pod gets a fake IP from 10.244.0.0/16, its
 * container ports are served by in-process apps on ephemeral 127.0.0.1 ports, and `dial` connects
 * there the way the kubelet connects to the pod's own localhost. `node` processes share the host
 * network, so in pods that run one, unmapped ports are dialled on 127.0.0.1 directly.
 */
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { runBuiltin, type BuiltinContext } from '../exec/index.ts';
import {
  startContainer,
  type ContainerHost,
  type LoopbackContainer,
} from './loopback-container.ts';
import { execInProcess } from './loopback-exec.ts';
import { PodIpPool } from './loopback-ips.ts';
import type {
  ContainerSpec,
  ExecIO,
  PodRef,
  PodRuntime,
  PodSpecForRuntime,
  RuntimeHooks,
} from './types.ts';

export interface LoopbackOptions {
  /** Cluster DNS for `getent`/`http-get` inside pods: (name, pod namespace) → addresses. */
  resolve?: (name: string, namespace: string) => Promise<string[]>;
}

interface LoopbackPod {
  ref: PodRef;
  ip: string;
  containers: Map<string, LoopbackContainer>;
}

/** Creates the loopback runtime; container state changes go to `hooks`. */
export function createLoopbackRuntime(
  hooks: RuntimeHooks,
  options: LoopbackOptions = {},
): PodRuntime {
  return new LoopbackRuntime(hooks, options);
}

class LoopbackRuntime implements PodRuntime {
  readonly mode = 'loopback' as const;
  private readonly ips = new PodIpPool();
  private readonly pods = new Map<string, LoopbackPod>();
  private readonly byIp = new Map<string, LoopbackPod>();

  constructor(
    private readonly hooks: RuntimeHooks,
    private readonly options: LoopbackOptions,
  ) {}

  async startPod(spec: PodSpecForRuntime): Promise<{ podIP: string }> {
    const existing = this.pods.get(spec.uid);
    if (existing) return { podIP: existing.ip };
    const ref = { namespace: spec.namespace, name: spec.name, uid: spec.uid };
    const pod: LoopbackPod = { ref, ip: this.ips.allocate(), containers: new Map() };
    this.pods.set(spec.uid, pod);
    this.byIp.set(pod.ip, pod);
    // Sequential, so two containers claiming one port fail deterministically (the second one).
    for (const c of spec.containers) await this.addContainer(pod, c);
    return { podIP: pod.ip };
  }

  async stopPod(ref: PodRef): Promise<void> {
    const pod = this.pods.get(ref.uid);
    if (!pod) return;
    this.pods.delete(ref.uid);
    this.byIp.delete(pod.ip);
    await Promise.all([...pod.containers.values()].map((c) => c.stop()));
    this.ips.release(pod.ip);
  }

  async startEphemeralContainer(ref: PodRef, spec: ContainerSpec): Promise<void> {
    await this.addContainer(this.find(ref), spec);
  }

  async dial(ref: PodRef, port: number): Promise<Duplex> {
    return dialPod(this.find(ref), port);
  }

  async exec(ref: PodRef, container: string, argv: string[], io: ExecIO): Promise<number> {
    const pod = this.find(ref);
    const c = pod.containers.get(container);
    if (!c) throw new Error(`container not found ("${container}")`);
    if (!c.running) throw new Error(`container "${container}" in pod "${ref.name}" is not running`);
    // Only `node` runs for real; anything else is a built-in, so exec never reaches host tools.
    if (c.hostNetwork && argv[0] === 'node')
      return execInProcess(argv, containerEnv(pod, c.spec), io);
    return runBuiltin(argv, this.builtinContext(pod, c.spec), io);
  }

  logs(ref: PodRef, container: string): string {
    return this.pods.get(ref.uid)?.containers.get(container)?.logs.toString() ?? '';
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.pods.values()].map((p) => this.stopPod(p.ref)));
  }

  private find(ref: PodRef): LoopbackPod {
    const pod = this.pods.get(ref.uid);
    if (!pod) throw new Error(`pod "${ref.name}" (uid ${ref.uid}) is not running on this node`);
    return pod;
  }

  private async addContainer(pod: LoopbackPod, spec: ContainerSpec): Promise<void> {
    if (pod.containers.has(spec.name))
      throw new Error(`container "${spec.name}" already exists in pod ${pod.ref.name}`);
    pod.containers.set(spec.name, await startContainer(spec, this.host(pod, spec)));
  }

  private host(pod: LoopbackPod, spec: ContainerSpec): ContainerHost {
    return {
      pod: pod.ref,
      report: (state) => this.hooks.onContainerState(pod.ref, spec.name, state),
      portTaken: (port) => [...pod.containers.values()].some((c) => c.ports.has(port)),
      env: (container) => containerEnv(pod, container),
      builtinContext: (container) => this.builtinContext(pod, container),
    };
  }

  private builtinContext(pod: LoopbackPod, spec: ContainerSpec): BuiltinContext {
    const resolve = this.options.resolve;
    return {
      pod: pod.ref.name,
      namespace: pod.ref.namespace,
      container: spec.name,
      env: containerEnv(pod, spec),
      resolve: resolve ? (name) => resolve(name, pod.ref.namespace) : undefined,
      connect: (host, port) => this.connectFromPod(host, port),
    };
  }

  /** Connects as a process inside a pod would: pod IPs map to their apps' loopback ports. */
  private connectFromPod(host: string, port: number): Promise<Duplex> {
    const target = this.byIp.get(host);
    if (target) return dialPod(target, port);
    return tcp(host, port, `dial tcp ${host}:${port}`);
  }
}

function dialPod(pod: LoopbackPod, port: number): Promise<Duplex> {
  const containers = [...pod.containers.values()];
  const mapped = containers.find((c) => c.running && c.ports.has(port))?.ports.get(port);
  const what = `dial tcp4 127.0.0.1:${port}`;
  if (mapped !== undefined) return tcp('127.0.0.1', mapped, what);
  if (containers.some((c) => c.running && c.hostNetwork)) return tcp('127.0.0.1', port, what);
  return Promise.reject(goError(what, 'ECONNREFUSED'));
}

/** Opens a half-open-capable TCP connection; errors read like Go's net.Dial errors. */
function tcp(host: string, port: number, what: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port, allowHalfOpen: true });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      reject(goError(what, err.code ?? err.message)),
    );
  });
}

function goError(what: string, code: string): Error & { code: string } {
  const text: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused',
    ETIMEDOUT: 'connect: connection timed out',
    EHOSTUNREACH: 'connect: no route to host',
  };
  return Object.assign(new Error(`${what}: ${text[code] ?? code}`), { code });
}

function containerEnv(pod: LoopbackPod, spec: ContainerSpec): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOSTNAME: pod.ref.name,
    HOME: process.env['HOME'] ?? '/root',
  };
  for (const e of spec.env ?? []) env[e.name] = e.value ?? '';
  return env;
}
