/**
 * PodRuntime for `--network netns`: every pod is a Linux network namespace with its own IP on a
 * bridge in a "node" namespace, a sandbox process inside it running the pod's apps and processes,
 * kube-proxy-style Service rules and a cluster DNS in the node namespace, and an "outside world"
 * namespace with the scenario's external hosts. Requires root and iproute2/iptables/setpriv.
 */
import type { PodRef, PodRuntime, RuntimeHooks } from '../types.ts';
import { DNS_IP, SERVICE_CIDR } from './addresses.ts';
import { claimRun, cleanStaleRuns, removeRun } from './cleanup.ts';
import { createClusterNet, type ClusterNet } from './cluster-net.ts';
import type { PlanContainer } from './container-plan.ts';
import { defaultPlanContainer } from './default-plan.ts';
import { newRunId, runNames, type RunNames } from './names.ts';
import type { ExternalHostSpec, NetworkState } from './network-state.ts';
import { createPodRunner } from './pod-runner.ts';
import { prepareSandboxArgs } from './sandbox-bundle.ts';

export type { NetworkState, ExternalHostSpec } from './network-state.ts';
export { networkStateFromObjects } from './network-state.ts';
export { SERVICE_CIDR, DNS_IP } from './addresses.ts';
export { netnsUnavailableReason } from './available.ts';

export interface NetnsRuntimeOptions {
  hooks: RuntimeHooks;
  /** Hosts of the outside world (e.g. api.example.test → app http), resolvable only in pods. */
  externalHosts?: ExternalHostSpec[];
  /** How an image runs; defaults to the sim's image catalog. */
  planContainer?: PlanContainer;
  /** Milliseconds between SIGTERM and SIGKILL when a pod stops (default 2000; kube default is 30 s). */
  gracePeriodMs?: number;
}

/** The netns runtime: a PodRuntime plus the network it implements. */
export interface NetnsRuntime extends PodRuntime {
  readonly mode: 'netns';
  readonly runId: string;
  readonly names: RunNames;
  /** ClusterIPs must come from here (SERVICE_CIDR); the cluster DNS answers at DNS_IP. */
  readonly serviceCIDR: string;
  readonly dnsIP: string;
  readonly externalHosts: { name: string; ip: string }[];
  /** Applies Services and their Endpoints (kube-proxy rules + DNS). Call on every change. */
  syncNetwork(state: NetworkState): Promise<void>;
  /** The network namespace of a running pod (for tests and diagnostics). */
  podNetns(pod: PodRef): string | undefined;
}

/** Cleans stale runs, builds the cluster network and returns the runtime. */
export async function createNetnsRuntime(opts: NetnsRuntimeOptions): Promise<NetnsRuntime> {
  await cleanStaleRuns();
  const n = runNames(newRunId());
  await claimRun(n);
  let net: ClusterNet;
  let nodeArgs: string[];
  try {
    nodeArgs = await prepareSandboxArgs(n.stateDir);
    net = await createClusterNet(n, opts.externalHosts ?? [], nodeArgs);
  } catch (err) {
    await removeRun(n);
    throw err;
  }
  return buildRuntime(n, net, nodeArgs, opts);
}

function buildRuntime(
  n: RunNames,
  net: ClusterNet,
  nodeArgs: string[],
  opts: NetnsRuntimeOptions,
): NetnsRuntime {
  const plan = opts.planContainer ?? defaultPlanContainer;
  const pods = createPodRunner({
    names: n,
    nodeArgs,
    plan,
    graceMs: opts.gracePeriodMs ?? 2000,
    hooks: opts.hooks,
  });
  return {
    mode: 'netns',
    runId: n.runId,
    names: n,
    serviceCIDR: SERVICE_CIDR,
    dnsIP: DNS_IP,
    externalHosts: net.externalHosts,
    startPod: pods.startPod,
    stopPod: pods.stopPod,
    startEphemeralContainer: pods.startEphemeralContainer,
    dial: pods.dial,
    exec: pods.exec,
    logs: pods.logs,
    podNetns: pods.podNetns,
    syncNetwork: (state) => net.sync(state),
    dispose: async () => {
      await pods.stopAll();
      await net.close().catch(() => undefined);
      await removeRun(n);
    },
  };
}
