/**
 * The cluster DNS zone as data: which names answer with which IPv4 addresses, built from the
 * Services and Endpoints the API server holds, following the Kubernetes DNS spec
 * (kubernetes/dns docs/specification.md) for cluster domain `cluster.local`.
 */

export const CLUSTER_DOMAIN = 'cluster.local';

/** The subset of a Service + its Endpoints that DNS needs. */
export interface DnsService {
  namespace: string;
  name: string;
  /** null (or "None") for a headless Service. */
  clusterIP: string | null;
  endpoints: { ip: string; ready: boolean; hostname?: string }[];
}

/** A name outside the cluster that the sim's outside world answers for. */
export interface DnsExternalHost {
  name: string;
  ip: string;
}

export interface DnsZoneInput {
  services: DnsService[];
  externalHosts: DnsExternalHost[];
}

/** Serializable table: fully qualified lowercase name (no trailing dot) → A addresses. */
export type DnsTable = Record<string, string[]>;

/** Result of a lookup: addresses, or that the name exists without A data, or NXDOMAIN. */
export type DnsAnswer = { kind: 'a'; ips: string[] } | { kind: 'nxdomain' };

const isHeadless = (s: DnsService): boolean =>
  s.clusterIP === null || s.clusterIP === 'None' || s.clusterIP === '';

/** Builds the A-record table of the zone. */
export function buildDnsTable(input: DnsZoneInput): DnsTable {
  const table: DnsTable = {};
  const add = (name: string, ip: string): void => {
    const key = name.toLowerCase();
    const list = (table[key] ??= []);
    if (!list.includes(ip)) list.push(ip);
  };
  for (const svc of input.services) {
    const fqdn = `${svc.name}.${svc.namespace}.svc.${CLUSTER_DOMAIN}`;
    if (!isHeadless(svc)) {
      add(fqdn, svc.clusterIP as string);
      continue;
    }
    table[fqdn] ??= []; // a headless Service without ready pods still exists (NODATA, not NXDOMAIN)
    for (const ep of svc.endpoints.filter((e) => e.ready)) {
      add(fqdn, ep.ip);
      if (ep.hostname) add(`${ep.hostname}.${fqdn}`, ep.ip);
    }
  }
  for (const host of input.externalHosts) add(host.name.replace(/\.$/, ''), host.ip);
  return table;
}

/** `1-2-3-4.<ns>.pod.cluster.local` → 1.2.3.4 (CoreDNS "pods insecure" behaviour). */
function podRecord(name: string): string | undefined {
  const suffix = `.pod.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length !== 2) return undefined;
  const octets = (labels[0] ?? '').split('-');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255))
    return undefined;
  return octets.join('.');
}

/** Answers an A query for `qname` from the table. */
export function lookup(table: DnsTable, qname: string): DnsAnswer {
  const name = qname.toLowerCase().replace(/\.$/, '');
  const ips = table[name];
  if (ips) return { kind: 'a', ips };
  const pod = podRecord(name);
  if (pod) return { kind: 'a', ips: [pod] };
  return { kind: 'nxdomain' };
}
