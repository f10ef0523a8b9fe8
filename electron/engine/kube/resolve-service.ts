/**
 * Service host (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`) → a Ready pod and the
 * container port, translating service port → targetPort the way kubectl does
 * (kubectl/pkg/cmd/portforward `translateServicePortToTargetPort`), named ports included.
 */
import type { V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import type { KubeApi } from './kube-api.ts';
import { mapSelectorString } from './label-selector.ts';
import { describePods, isPodReady, sortPods } from './pod-status.ts';
import { pickFirst, type PodPicker } from './resolve-target.ts';

const LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The (service, namespace) a host could name, or undefined when it cannot be a service name. */
export function parseServiceHost(
  host: string,
  namespace: string,
): { service: string; namespace: string } | undefined {
  const parts = host.toLowerCase().replace(/\.$/, '').split('.');
  if (!parts.every((p) => LABEL.test(p))) return undefined;
  const [svc = '', ns = namespace, third] = parts;
  if (parts.length <= 2) return { service: svc, namespace: ns };
  // svc.ns.svc and svc.ns.svc.<cluster domain> (cluster.local by default).
  return third === 'svc' ? { service: svc, namespace: ns } : undefined;
}

export interface ServiceEndpoint {
  pod: V1Pod;
  name: string;
  namespace: string;
  /** container port the kubelet must dial */
  port: number;
  /** `10.0.0.7:80`: the pod IP (when known) and container port */
  remote: string;
}

/** Reads the service; undefined when it does not exist (the host is then not a service). */
export async function findService(
  api: KubeApi,
  namespace: string,
  name: string,
): Promise<V1Service | undefined> {
  try {
    return await api.getService(namespace, name);
  } catch (err) {
    if (err instanceof PortsideError && err.kind === 'TargetNotFound') return undefined;
    throw err;
  }
}

function servicePort(svc: V1Service, port: number, ns: string): V1ServicePort {
  const ports = svc.spec?.ports ?? [];
  const sp = ports.find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
  if (sp) return sp;
  const list = ports.map(
    (p) =>
      `${p.port}${p.name ? `/${p.name}` : ''}${p.protocol && p.protocol !== 'TCP' ? ` ${p.protocol}` : ''}`,
  );
  throw new PortsideError(
    'InvalidSpec',
    `service "${svc.metadata?.name}" in "${ns}" has no TCP port ${port} (ports: ${list.join(', ') || 'none'})`,
  );
}

/** Named targetPorts are looked up in the chosen pod's containers[].ports[].name, like kubectl. */
function containerPort(pod: V1Pod, sp: V1ServicePort): number {
  const tp = sp.targetPort;
  if (tp === undefined || tp === null || tp === '') return sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  for (const c of pod.spec?.containers ?? []) {
    const hit = c.ports?.find((p) => p.name === tp && (p.protocol ?? 'TCP') === 'TCP');
    if (hit) return hit.containerPort;
  }
  throw new PortsideError(
    'InvalidSpec',
    `pod ${pod.metadata?.name} has no container port named "${tp}" (the targetPort of service port ${sp.port})`,
  );
}

/** Resolves `svc:port` to a Ready endpoint pod and the container port to forward to. */
export async function resolveServiceEndpoint(
  api: KubeApi,
  svc: V1Service,
  namespace: string,
  port: number,
  pick: PodPicker = pickFirst,
): Promise<ServiceEndpoint> {
  const name = svc.metadata?.name ?? '';
  const sp = servicePort(svc, port, namespace);
  const sel = mapSelectorString(svc.spec?.selector);
  if (!sel) {
    throw new PortsideError(
      'InvalidTarget',
      `service "${name}" in "${namespace}" has no selector; reaching it needs the in-cluster agent`,
    );
  }
  const pods = sortPods(await api.listPods(namespace, sel));
  const ready = pods.filter((p) => isPodReady(p));
  if (ready.length === 0) {
    throw new PortsideError(
      'TargetNotReady',
      `no Ready pod behind service/${name} in ${namespace}: ${describePods(pods)}`,
    );
  }
  const pod = pick(ready, `${namespace}/service/${name}`);
  const cport = containerPort(pod, sp);
  const ip = pod.status?.podIP;
  const podName = pod.metadata?.name ?? '';
  return { pod, name: podName, namespace, port: cport, remote: `${ip || podName}:${cport}` };
}

/** A picker that rotates through ready pods per workload key: spreads connections like a Service. */
export function roundRobinPicker(): PodPicker {
  const next = new Map<string, number>();
  return (ready, key) => {
    const i = next.get(key) ?? 0;
    next.set(key, i + 1);
    return ready[i % ready.length] as V1Pod;
  };
}
