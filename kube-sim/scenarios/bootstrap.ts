/** What every kube-sim cluster has before a scenario: system namespaces, one node, the `kubernetes` Service. */
import { PortsideError } from '../../shared/errors.ts';
import { cidrPrefix, DEFAULT_SERVICE_CIDR } from '../store/defaults.ts';
import { resourceByKind } from '../store/resources.ts';
import { StatusError } from '../store/status-error.ts';
import type { Store } from '../store/store.ts';
import { newMeta, type KubeObject } from '../store/types.ts';
import type { Scenario } from './load.ts';

/** The single node every pod is scheduled on. */
export const SIM_NODE = { name: 'kube-sim', ip: '172.18.0.2' };

function node(): KubeObject {
  const ready = {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  };
  const resources = { cpu: '2', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: newMeta({
      name: SIM_NODE.name,
      labels: {
        'kubernetes.io/hostname': SIM_NODE.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/control-plane': '',
      },
    }),
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      conditions: [ready],
      addresses: [
        { type: 'InternalIP', address: SIM_NODE.ip },
        { type: 'Hostname', address: SIM_NODE.name },
      ],
      capacity: resources,
      allocatable: resources,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        kubeletVersion: 'v1.33.0',
        kubeProxyVersion: 'v1.33.0',
        containerRuntimeVersion: 'containerd://1.7.24',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'kube-sim',
        kernelVersion: '6.1.0',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

const meta = (name: string, namespace?: string) =>
  newMeta({ name, ...(namespace ? { namespace } : {}) });

/** Creates the objects a fresh cluster has; the `kubernetes` Service takes the first IP of the range. */
export function bootstrapCluster(store: Store, serviceCIDR = DEFAULT_SERVICE_CIDR): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns) });
  }
  store.create('nodes', node());
  store.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...meta('kubernetes', 'default'),
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: `${cidrPrefix(serviceCIDR)}.0.1`,
      ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }],
    },
  });
}

/** Points the `kubernetes` Endpoints at the listening API server. */
export function setApiServerEndpoints(store: Store, ip: string, port: number): void {
  const subsets = [{ addresses: [{ ip }], ports: [{ name: 'https', port, protocol: 'TCP' }] }];
  if (store.get('endpoints', 'default', 'kubernetes')) {
    store.mutate('endpoints', 'default', 'kubernetes', (o) => void (o.subsets = subsets));
  } else {
    store.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('kubernetes', 'default'),
      subsets,
    });
  }
}

/** Creates a scenario's objects: namespaces first (also implied ones), then the rest in file order. */
export function applyScenario(store: Store, scenario: Scenario): void {
  const ordered = [...scenario.objects].sort(
    (a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'),
  );
  for (const input of ordered) {
    const rt = resourceByKind(input.kind)!;
    const obj = structuredClone(input);
    if (rt.namespaced) {
      obj.metadata.namespace ??= 'default';
      if (!store.get('namespaces', undefined, obj.metadata.namespace)) {
        store.create('namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: meta(obj.metadata.namespace!),
        });
      }
    }
    if (rt.key === 'namespaces' && store.get('namespaces', undefined, obj.metadata.name)) continue;
    try {
      store.create(rt.key, obj);
    } catch (err) {
      const msg = err instanceof StatusError ? err.message : String(err);
      throw new PortsideError(
        'InvalidSpec',
        `scenario ${scenario.name}: ${input.kind} ${obj.metadata.name ?? '?'}: ${msg}`,
      );
    }
  }
}
