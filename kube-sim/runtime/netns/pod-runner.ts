/**
 * The pod side of the netns runtime: a namespace + sandbox per pod, containers started from their
 * plans, and dial/exec/logs routed to the right sandbox. Lifetimes: stopPod closes the sandbox
 * (SIGTERM, grace, SIGKILL of its processes), then deletes the namespace and frees the IP.
 */
import type { Duplex } from 'node:stream';
import { PortsideError } from '../../../shared/errors.ts';
import type {
  ContainerSpec,
  ContainerState,
  ExecIO,
  PodRef,
  PodSpecForRuntime,
  RuntimeHooks,
} from '../types.ts';
import { createPodIpam } from './addresses.ts';
import { effectiveCaps } from './capabilities.ts';
import type { PlanContainer } from './container-plan.ts';
import type { RunNames } from './names.ts';
import { createPodStore, type PodEntry } from './pod-store.ts';
import { launchSandbox, type SandboxClient } from './sandbox-client.ts';
import { containerEnv, startContainer, type StartContext } from './start-container.ts';
import { createToolDirs } from './tool-dirs.ts';
import { createPodNet, removeNamespace } from './topology.ts';

export interface PodRunnerDeps {
  names: RunNames;
  nodeArgs: string[];
  plan: PlanContainer;
  graceMs: number;
  hooks: RuntimeHooks;
}

/** The kubelet truncates a pod's hostname to 63 characters (a DNS label) without a trailing - or . */
export function podHostname(name: string): string {
  return name.slice(0, 63).replace(/[-.]+$/, '') || 'pod';
}

type RunningPod = PodEntry & { sandbox: SandboxClient };

/** Creates the pod runner of one run. */
export function createPodRunner(d: PodRunnerDeps) {
  const n = d.names;
  const ipam = createPodIpam();
  const tools = createToolDirs(n.stateDir);
  const pods = createPodStore();
  let nextIndex = 1;
  let disposed = false;

  const report = (entry: PodEntry, container: string, state: ContainerState): void => {
    if (entry.stopping) return;
    entry.states.set(container, state);
    d.hooks.onContainerState(entry.ref, container, state);
  };
  /** The sandbox died under a live pod (crash, kill): its running containers died with it. */
  const sandboxLost = (entry: PodEntry): void => {
    const finishedAt = new Date().toISOString();
    for (const [container, state] of entry.states) {
      if ('terminated' in state) continue;
      report(entry, container, {
        terminated: {
          exitCode: 137,
          reason: 'Error',
          message: 'the pod sandbox exited',
          finishedAt,
        },
      });
    }
  };
  const startIn = (entry: RunningPod, c: ContainerSpec): Promise<void> => {
    const ctx: StartContext = {
      sandbox: entry.sandbox,
      pod: entry.spec,
      plan: d.plan(c),
      pathFor: tools.pathFor,
      report: (name, s) => report(entry, name, s),
    };
    return startContainer(ctx, c);
  };

  const startPod = async (spec: PodSpecForRuntime): Promise<{ podIP: string }> => {
    if (disposed) throw new PortsideError('Internal', 'kube-sim netns runtime is disposed');
    const index = nextIndex++;
    const ip = ipam.allocate();
    const podNet = await createPodNet(n, index, ip, spec.name, spec.namespace).catch(
      async (err: unknown) => {
        await removeNamespace(n.podNs(index));
        ipam.release(ip);
        throw err;
      },
    );
    const entry = pods.add(spec, podNet);
    try {
      entry.sandbox = await launchSandbox({
        ns: podNet.ns,
        socketPath: n.socketPath(`p${index}`),
        hostname: podHostname(spec.name),
        nodeArgs: d.nodeArgs,
        onEvent: (e) =>
          e.ev === 'log'
            ? pods.appendLog(entry, e.container, e.data)
            : report(entry, e.container, e.state),
        onClosed: () => sandboxLost(entry),
      });
      await Promise.all(spec.containers.map((c) => startIn(entry as RunningPod, c)));
    } catch (err) {
      await stopPod(spec);
      throw err;
    }
    return { podIP: ip };
  };

  const stopPod = (ref: PodRef): Promise<void> => {
    const entry = pods.get(ref);
    if (!entry) return Promise.resolve();
    entry.stopping ??= (async () => {
      await entry.sandbox?.close(d.graceMs).catch(() => undefined);
      await removeNamespace(entry.net.ns);
      ipam.release(entry.net.ip);
      pods.remove(entry);
    })();
    return entry.stopping;
  };

  const running = (ref: PodRef): RunningPod => {
    const entry = pods.get(ref);
    if (!entry?.sandbox || entry.stopping)
      throw new PortsideError('NotFound', `pod "${ref.namespace}/${ref.name}" is not running`);
    return entry as RunningPod;
  };

  const startEphemeralContainer = async (ref: PodRef, c: ContainerSpec): Promise<void> => {
    const entry = running(ref);
    entry.containers.set(c.name, c);
    await startIn(entry, c);
  };

  const dial = async (ref: PodRef, port: number): Promise<Duplex> => {
    const entry = running(ref);
    return entry.sandbox.dial(port).catch((err: Error) => {
      const where = `failed to connect to localhost:${port} inside namespace "${entry.net.ns}"`;
      throw new PortsideError(
        'Network',
        `error forwarding port ${port} to pod ${entry.spec.uid}, uid : ${where}: ${err.message}`,
      );
    });
  };

  const exec = async (
    ref: PodRef,
    container: string,
    argv: string[],
    io: ExecIO,
  ): Promise<number> => {
    const entry = running(ref);
    const c = entry.containers.get(container);
    if (!c)
      throw new PortsideError(
        'NotFound',
        `container ${container} is not valid for pod ${ref.name}`,
      );
    const plan = d.plan(c);
    if (plan.kind === 'error')
      throw new PortsideError(
        'TargetNotReady',
        `container ${container} is not running (${plan.reason})`,
      );
    const env = containerEnv(entry.spec, c, await tools.pathFor(plan.tools));
    const header = {
      pod: ref.name,
      namespace: ref.namespace,
      container,
      argv,
      stdin: Boolean(io.stdin),
      env,
      caps: effectiveCaps(c.securityContext),
      builtins: true,
    };
    return entry.sandbox.exec(header, io).catch((err: Error) => {
      const why = `OCI runtime exec failed: exec failed: unable to start container process: ${err.message}: unknown`;
      throw new PortsideError(
        'Internal',
        `failed to exec in container: failed to start exec: ${why}`,
      );
    });
  };

  return {
    startPod,
    stopPod,
    startEphemeralContainer,
    dial,
    exec,
    logs: (ref: PodRef, container: string): string => pods.get(ref)?.logs.get(container) ?? '',
    podNetns: (ref: PodRef): string | undefined => pods.get(ref)?.net.ns,
    /** Refuses new pods and stops every running one. */
    async stopAll(): Promise<void> {
      disposed = true;
      await Promise.allSettled(pods.all().map((e) => stopPod(e.ref)));
    },
  };
}
