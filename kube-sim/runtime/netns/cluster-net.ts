/**
 * The cluster-wide part of netns mode: the node namespace (bridge, kube-proxy rules, cluster DNS
 * served by a sandbox in that namespace) and the outside world (a sandbox serving the scenario's
 * external hosts). Created once per run; removed with the run.
 */
import { buildDnsTable, type DnsExternalHost } from '../../dns/records.ts';
import { DNS_IP, externalHostIp } from './addresses.ts';
import { applyServiceRules } from './kube-proxy.ts';
import type { RunNames } from './names.ts';
import type { ExternalHostSpec, NetworkState } from './network-state.ts';
import { launchSandbox, type SandboxClient } from './sandbox-client.ts';
import { addWorldAddresses, createBaseTopology } from './topology.ts';

export interface ClusterNet {
  /** Name → address of each external host. */
  externalHosts: DnsExternalHost[];
  /** Applies Services/Endpoints: iptables in the node namespace, then the DNS zone. */
  sync(state: NetworkState): Promise<void>;
  close(): Promise<void>;
}

/** Builds the base topology and starts the DNS and outside-world sandboxes. */
export async function createClusterNet(
  n: RunNames,
  hosts: ExternalHostSpec[],
  nodeArgs: string[],
): Promise<ClusterNet> {
  await createBaseTopology(n);
  const externalHosts = hosts.map((h, i) => ({ name: h.name, ip: externalHostIp(i) }));
  await addWorldAddresses(
    n,
    externalHosts.map((h) => h.ip),
  );
  const onEvent = (): void => undefined;
  const [node, world] = await Promise.all([
    launchSandbox({
      ns: n.nodeNs,
      socketPath: n.socketPath('node'),
      hostname: 'node',
      nodeArgs,
      onEvent,
    }),
    launchSandbox({
      ns: n.worldNs,
      socketPath: n.socketPath('world'),
      hostname: 'world',
      nodeArgs,
      onEvent,
    }),
  ]);
  let state: NetworkState = { services: [] };
  const table = (): Record<string, string[]> =>
    buildDnsTable({ services: state.services, externalHosts });
  await Promise.all([
    node.request({ op: 'dns', host: DNS_IP, port: 53, table: table() }),
    applyServiceRules(n.nodeNs, []),
    ...hosts.map((h, i) =>
      world.request({
        op: 'startApp',
        container: h.app,
        kind: h.app,
        host: externalHostIp(i),
        port: h.port ?? 80,
        pod: h.name,
        namespace: 'external',
      }),
    ),
  ]);
  return {
    externalHosts,
    sync: serialSync(n, node, table, (s) => (state = s)),
    close: () => closeBoth(node, world),
  };
}

/**
 * Applies states one at a time and skips intermediate ones: when several syncs queue up while one
 * runs, only the newest is applied next (the rules are a pure function of the state).
 */
function serialSync(
  n: RunNames,
  node: SandboxClient,
  table: () => Record<string, string[]>,
  setState: (s: NetworkState) => void,
): (s: NetworkState) => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let queued: NetworkState | undefined;
  let queuedDone: Promise<void> | undefined;
  return (next) => {
    queued = next;
    queuedDone ??= running.then(async () => {
      const s = queued as NetworkState;
      queued = undefined;
      queuedDone = undefined;
      setState(s);
      await applyServiceRules(n.nodeNs, s.services);
      await node.request({ op: 'dns', host: DNS_IP, port: 53, table: table() });
    });
    running = queuedDone.catch(() => undefined);
    return queuedDone;
  };
}

async function closeBoth(a: SandboxClient, b: SandboxClient): Promise<void> {
  await Promise.allSettled([a.close(0), b.close(0)]);
}
