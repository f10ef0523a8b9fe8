/**
 * Creates and removes the namespaces and links of one run. Every command runs either inside our
 * own namespaces (`ip -n`, `ip netns exec`) or creates a link directly inside them (`link add …
 * netns`), so the host's interfaces, routes and firewall are never touched.
 *
 * Pods get a /32 address and a default route onlink via the bridge: all pod↔pod and pod↔Service
 * traffic is then routed (not bridged) in the node namespace, so conntrack sees both directions
 * and Service DNAT works without br_netfilter (the Calico-style trick).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BRIDGE_IP,
  DNS_IP,
  SERVICE_CIDR,
  POD_CIDR,
  WORLD_LINK_NODE_IP,
  WORLD_LINK_WORLD_IP,
} from './addresses.ts';
import { ETC_NETNS, type RunNames } from './names.ts';
import { inNs, ipBatch, runCmd } from './run-cmd.ts';

const NODE_SYSCTLS = [
  'net.ipv4.ip_forward=1',
  // The node forwards out of the interface a packet came in on (br0): no ICMP redirects.
  'net.ipv4.conf.all.send_redirects=0',
  'net.ipv4.conf.default.send_redirects=0',
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
  // Where br_netfilter is loaded it would DNAT Service traffic at the bridge layer and bridge it
  // straight back, bypassing the routed path this topology is built on; off in the node ns only.
  'net.bridge.bridge-nf-call-iptables=0',
  'net.bridge.bridge-nf-call-ip6tables=0',
  'net.bridge.bridge-nf-call-arptables=0',
];

/** Creates the node namespace (bridge, DNS address, Service range) and the world namespace. */
export async function createBaseTopology(n: RunNames): Promise<void> {
  await ipBatch([`netns add ${n.nodeNs}`, `netns add ${n.worldNs}`]);
  await inNs(n.nodeNs, 'sysctl', ['-q', '-e', '-w', ...NODE_SYSCTLS]); // -e: bridge keys may not exist
  await ipBatch([`link add wl0 netns ${n.nodeNs} type veth peer name wl1 netns ${n.worldNs}`]);
  await ipBatch(
    [
      'link set lo up',
      'link add br0 type bridge',
      `addr add ${BRIDGE_IP}/16 dev br0`,
      `addr add ${DNS_IP}/16 dev br0`,
      'link set br0 up',
      `addr add ${WORLD_LINK_NODE_IP}/24 dev wl0`,
      'link set wl0 up',
      // ClusterIPs without a ready endpoint are not DNATed: deliver them locally, where nothing
      // listens, so clients get "connection refused" as kube-proxy's REJECT rules give.
      `route add local ${SERVICE_CIDR} dev lo`,
    ],
    n.nodeNs,
  );
  await ipBatch(
    [
      'link set lo up',
      `addr add ${WORLD_LINK_WORLD_IP}/24 dev wl1`,
      'link set wl1 up',
      `route add ${POD_CIDR} via ${WORLD_LINK_NODE_IP} dev wl1`,
    ],
    n.worldNs,
  );
}

/** Adds external host addresses to the world namespace. */
export async function addWorldAddresses(n: RunNames, ips: string[]): Promise<void> {
  if (ips.length === 0) return;
  await ipBatch(
    ips.map((ip) => `addr add ${ip}/24 dev wl1`),
    n.worldNs,
  );
}

/** What a pod's namespace is made of. */
export interface PodNet {
  ns: string;
  /** Name of the veth end inside the node namespace (≤ 15 chars). */
  hostIf: string;
  ip: string;
}

/** Creates a pod namespace wired into the node bridge, plus its resolv.conf and hosts files. */
export async function createPodNet(
  n: RunNames,
  index: number,
  ip: string,
  podName: string,
  podNamespace: string,
): Promise<PodNet> {
  const ns = n.podNs(index);
  const hostIf = `vp${index}`;
  await writePodEtc(ns, ip, podName, podNamespace);
  await ipBatch([
    `netns add ${ns}`,
    `link add ${hostIf} netns ${n.nodeNs} type veth peer name eth0 netns ${ns}`,
  ]);
  await Promise.all([
    // hairpin: a pod reaching itself through its Service leaves and re-enters by the same port.
    ipBatch(
      [
        `link set ${hostIf} master br0`,
        `link set ${hostIf} type bridge_slave hairpin on`,
        `link set ${hostIf} up`,
      ],
      n.nodeNs,
    ),
    ipBatch(
      [
        'link set lo up',
        `addr add ${ip}/32 dev eth0`,
        'link set eth0 up',
        `route add default via ${BRIDGE_IP} dev eth0 onlink`,
      ],
      ns,
    ),
  ]);
  return { ns, hostIf, ip };
}

/** The resolver configuration a kubelet writes for a ClusterFirst pod. */
export function resolvConf(podNamespace: string): string {
  return [
    `nameserver ${DNS_IP}`,
    `search ${podNamespace}.svc.cluster.local svc.cluster.local cluster.local`,
    'options ndots:5',
    '',
  ].join('\n');
}

/** The kubelet-managed hosts file of a pod. */
export function hostsFile(ip: string, podName: string): string {
  return [
    '# Kubernetes-managed hosts file (kube-sim netns).',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `${ip}\t${podName}`,
    '',
  ].join('\n');
}

async function writePodEtc(
  ns: string,
  ip: string,
  podName: string,
  podNamespace: string,
): Promise<void> {
  const dir = join(ETC_NETNS, ns);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'resolv.conf'), resolvConf(podNamespace));
  await writeFile(join(dir, 'hosts'), hostsFile(ip, podName));
}

/** Kills whatever still runs in `ns`, deletes it and its /etc/netns dir. Idempotent. */
export async function removeNamespace(ns: string): Promise<void> {
  const pids = await runCmd('ip', ['netns', 'pids', ns]);
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await runCmd('ip', ['netns', 'del', ns]);
  await rm(join(ETC_NETNS, ns), { recursive: true, force: true });
}
