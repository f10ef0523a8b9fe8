/**
 * Service ClusterIPs the way kube-proxy's iptables mode does them, in the node namespace only:
 * PREROUTING/OUTPUT jump to PSS-SERVICES, one chain per service port picks an endpoint with
 * `statistic --mode random` (probability 1/n, 1/(n-1), …, so each is equally likely), and one
 * chain per endpoint DNATs. Hairpin traffic (a pod reaching itself through its Service) is marked
 * and MASQUERADEd, as KUBE-MARK-MASQ does; anything else keeps the client's pod IP.
 * The whole nat table of the node namespace is rewritten atomically with iptables-restore.
 */
import { createHash } from 'node:crypto';
import type { NetService } from './network-state.ts';
import { inNs } from './run-cmd.ts';

const MASQ_MARK = '0x4000/0x4000';

const chainId = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 16).toUpperCase();

function protoOf(p: string | undefined): 'tcp' | 'udp' | 'sctp' {
  const lower = (p ?? 'TCP').toLowerCase();
  return lower === 'udp' || lower === 'sctp' ? lower : 'tcp';
}

/** Lines for one service port: its PSS-SVC chain and one PSS-SEP chain per ready endpoint. */
function servicePortRules(
  svc: NetService,
  portIndex: number,
  chains: string[],
  rules: string[],
): void {
  const sp = svc.ports[portIndex];
  if (!sp || !svc.clusterIP) return;
  const proto = protoOf(sp.protocol);
  const targets = svc.endpoints
    .filter((e) => e.ready)
    .map((e) => ({ ip: e.ip, port: e.ports.find((p) => (p.name ?? '') === (sp.name ?? ''))?.port }))
    .filter((t): t is { ip: string; port: number } => typeof t.port === 'number');
  if (targets.length === 0) return; // no DNAT: the local route in the node ns refuses it
  const svcChain = `PSS-SVC-${chainId(svc.namespace, svc.name, sp.name ?? '', String(sp.port), proto)}`;
  chains.push(svcChain);
  const comment = `-m comment --comment "${svc.namespace}/${svc.name}:${sp.name ?? sp.port}"`;
  rules.push(
    `-A PSS-SERVICES -d ${svc.clusterIP}/32 -p ${proto} -m ${proto} --dport ${sp.port} ${comment} -j ${svcChain}`,
  );
  targets.forEach((t, i) => {
    const sepChain = `PSS-SEP-${chainId(svcChain, t.ip, String(t.port))}`;
    chains.push(sepChain);
    const left = targets.length - i;
    const pick =
      left > 1 ? `-m statistic --mode random --probability ${(1 / left).toFixed(10)} ` : '';
    rules.push(`-A ${svcChain} ${pick}-j ${sepChain}`);
    rules.push(`-A ${sepChain} -s ${t.ip}/32 -j MARK --set-xmark ${MASQ_MARK}`);
    rules.push(`-A ${sepChain} -p ${proto} -m ${proto} -j DNAT --to-destination ${t.ip}:${t.port}`);
  });
}

/** The complete `iptables-restore` input for the node namespace's nat table. */
export function renderNatTable(services: NetService[]): string {
  const chains: string[] = ['PSS-SERVICES', 'PSS-POSTROUTING'];
  const rules: string[] = [
    '-A PREROUTING -j PSS-SERVICES',
    '-A OUTPUT -j PSS-SERVICES',
    '-A POSTROUTING -j PSS-POSTROUTING',
    `-A PSS-POSTROUTING -m mark --mark ${MASQ_MARK} -j MASQUERADE`,
  ];
  const sorted = [...services].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
  for (const svc of sorted) svc.ports.forEach((_, i) => servicePortRules(svc, i, chains, rules));
  return [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...rules,
    'COMMIT',
    '',
  ].join('\n');
}

/** Applies the services' rules in namespace `nodeNs`, replacing the previous nat table. */
export async function applyServiceRules(nodeNs: string, services: NetService[]): Promise<void> {
  await inNs(nodeNs, 'iptables-restore', ['-w'], renderNatTable(services));
}
