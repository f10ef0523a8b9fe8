/**
 * A pod runtime for kube-sim's own tests: no sockets, no processes. Pods "start" at once with a
 * fresh IP and report their containers running; tests can make starts fail or push states.
 */
import { PassThrough } from 'node:stream';
import type {
  ContainerSpec,
  ContainerState,
  ExecIO,
  PodRef,
  PodRuntime,
  PodSpecForRuntime,
  RuntimeHooks,
} from '../runtime/types.ts';

export interface FakeRuntime extends PodRuntime {
  /** Running pods by uid. */
  readonly pods: Map<string, PodSpecForRuntime & { ip: string; ephemeral: ContainerSpec[] }>;
  /** Pods stopped so far (uids), in order. */
  readonly stopped: string[];
  /** Makes the next startPod calls for pods whose name starts with `prefix` fail. */
  failStarts(prefix: string, message: string): void;
  /** Reports a container state as the runtime would. */
  report(pod: PodRef, container: string, state: ContainerState): void;
}

/** Creates the fake runtime around the sim's hooks. */
export function createFakeRuntime(hooks: RuntimeHooks): FakeRuntime {
  const pods: FakeRuntime['pods'] = new Map();
  const stopped: string[] = [];
  const failing = new Map<string, string>();
  let next = 1;
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    mode: 'loopback',
    pods,
    stopped,
    failStarts: (prefix, message) => void failing.set(prefix, message),
    report: (pod, container, state) => hooks.onContainerState(pod, container, state),
    async startPod(spec) {
      for (const [prefix, message] of failing)
        if (spec.name.startsWith(prefix)) throw new Error(message);
      const n = next++;
      const ip = `10.250.${n >> 8}.${n & 255}`;
      pods.set(spec.uid, { ...spec, ip, ephemeral: [] });
      for (const c of spec.containers)
        hooks.onContainerState(spec, c.name, { running: { startedAt: now() } });
      return { podIP: ip };
    },
    async stopPod(ref) {
      if (pods.delete(ref.uid)) stopped.push(ref.uid);
    },
    async startEphemeralContainer(ref, container) {
      const pod = pods.get(ref.uid);
      if (!pod) throw new Error(`pod ${ref.name} is not running`);
      pod.ephemeral.push(container);
      hooks.onContainerState(ref, container.name, { running: { startedAt: now() } });
    },
    async dial() {
      return new PassThrough();
    },
    async exec(_ref: PodRef, _container: string, argv: string[], io: ExecIO) {
      io.stdout.write(`${argv.join(' ')}\n`);
      return 0;
    },
    logs: (ref, container) => `log line 1 of ${ref.name}/${container}\nlog line 2\n`,
    async dispose() {
      for (const uid of pods.keys()) stopped.push(uid);
      pods.clear();
    },
  };
}
