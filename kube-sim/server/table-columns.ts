/** Column sets of `kubectl get` per kind, as the apiserver's table convertors print them. */
import type { KubeObject } from '../store/types.ts';
import { age, col, type Columns } from './table-shared.ts';
import { podCells, podColumns } from './table-pod.ts';
import { WORKLOAD_COLUMNS } from './table-workloads.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

export type { ColumnDefinition, Columns } from './table-shared.ts';

function servicePorts(svc: KubeObject): string {
  const ports: any[] = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(',');
}

function externalIP(svc: KubeObject): string {
  if (svc.spec?.type === 'LoadBalancer') {
    const ing: any[] = svc.status?.loadBalancer?.ingress ?? [];
    return ing.length ? ing.map((i) => i.ip || i.hostname).join(',') : '<pending>';
  }
  if (svc.spec?.type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  return (svc.spec?.externalIPs ?? []).join(',') || '<none>';
}

function endpointsList(addrs: string[]): string {
  if (!addrs.length) return '<none>';
  return addrs.length > 3
    ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...`
    : addrs.join(',');
}

function endpointAddrs(ep: KubeObject): string[] {
  const out: string[] = [];
  for (const s of (ep as any).subsets ?? []) {
    for (const a of s.addresses ?? []) for (const p of s.ports ?? []) out.push(`${a.ip}:${p.port}`);
  }
  return out;
}

const COLUMNS: Record<string, Columns> = {
  pods: { defs: podColumns, cells: podCells },
  services: {
    defs: [
      col('Name'),
      col('Type'),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      col('Age'),
      col('Selector', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.type,
      o.spec?.clusterIP ?? '<none>',
      externalIP(o),
      servicePorts(o),
      age(o, now),
      o.spec?.selector
        ? Object.entries(o.spec.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : '<none>',
    ],
  },
  namespaces: {
    defs: [col('Name'), col('Status'), col('Age')],
    cells: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)],
  },
  nodes: {
    defs: [col('Name'), col('Status'), col('Roles'), col('Age'), col('Version')],
    cells: (o, now) => [
      o.metadata.name,
      'Ready',
      'control-plane',
      age(o, now),
      o.status?.nodeInfo?.kubeletVersion ?? '',
    ],
  },
  endpoints: {
    defs: [col('Name'), col('Endpoints'), col('Age')],
    cells: (o, now) => [o.metadata.name, endpointsList(endpointAddrs(o)), age(o, now)],
  },
  'endpointslices.discovery.k8s.io': {
    defs: [col('Name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')],
    cells: (o, now) => [
      o.metadata.name,
      (o as any).addressType,
      ((o as any).ports ?? []).map((p: any) => p.port).join(',') || '<unset>',
      endpointsList(((o as any).endpoints ?? []).flatMap((e: any) => e.addresses ?? [])),
      age(o, now),
    ],
  },
  ...WORKLOAD_COLUMNS,
};

const DEFAULT_COLUMNS: Columns = {
  defs: [col('Name'), col('Age')],
  cells: (o, now) => [o.metadata.name, age(o, now)],
};

/** Columns for a resource type (store key); unknown kinds get NAME and AGE. */
export function columnsFor(key: string): Columns {
  return COLUMNS[key] ?? DEFAULT_COLUMNS;
}
