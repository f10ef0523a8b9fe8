/** Service → Endpoints and EndpointSlices from the selected pods (named targetPorts resolved per pod). */
import { canonicalJson, shortHash } from '../store/ids.ts';
import { mapMatcher } from '../store/selectors.ts';
import type { Store } from '../store/store.ts';
import { newMeta, type KubeObject } from '../store/types.ts';
import { controllerRef, isReady, keyOf } from './owned.ts';
import type { Controller } from './queue.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

const SLICES = 'endpointslices.discovery.k8s.io';
const SERVICE_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

interface Group {
  ports: { name?: string; port: number; protocol: string }[];
  pods: KubeObject[];
}

/** Resolves each service port for a pod: numbers as is, names through the pod's container ports. */
export function resolvePorts(svc: KubeObject, pod: KubeObject): Group['ports'] {
  const out: Group['ports'] = [];
  const containerPorts: any[] = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []);
  for (const p of svc.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    const port =
      typeof target === 'number'
        ? target
        : containerPorts.find((cp) => cp.name === target)?.containerPort;
    if (port === undefined) continue;
    out.push({ ...(p.name ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP' });
  }
  return out;
}

function groupPods(svc: KubeObject, pods: KubeObject[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    const ports = resolvePorts(svc, pod);
    const sig = canonicalJson(ports);
    const g = groups.get(sig) ?? { ports, pods: [] };
    g.pods.push(pod);
    groups.set(sig, g);
  }
  return groups;
}

function address(svc: KubeObject, pod: KubeObject): any {
  const a: any = {
    ip: pod.status.podIP,
    nodeName: pod.spec?.nodeName,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  };
  if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name)
    a.hostname = pod.spec.hostname;
  return a;
}

function writeEndpoints(store: Store, svc: KubeObject, groups: Map<string, Group>): void {
  const subsets = [...groups.values()]
    .map((g) => {
      const live = g.pods.filter((p) => !p.metadata.deletionTimestamp);
      const s: any = { ports: g.ports };
      const ready = live.filter(isReady).map((p) => address(svc, p));
      const notReady = live.filter((p) => !isReady(p)).map((p) => address(svc, p));
      if (ready.length) s.addresses = ready;
      if (notReady.length) s.notReadyAddresses = notReady;
      return s;
    })
    .filter((s) => (s.addresses || s.notReadyAddresses) && s.ports.length);
  const { namespace, name } = svc.metadata;
  const body: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: newMeta({ name, namespace, labels: svc.metadata.labels }),
  };
  if (subsets.length) body.subsets = subsets;
  const cur = store.get('endpoints', namespace, name);
  if (!cur) return void store.create('endpoints', body);
  store.mutate('endpoints', namespace, name, (o) => {
    o.metadata.labels = svc.metadata.labels;
    if (subsets.length) o.subsets = subsets;
    else delete o.subsets;
  });
}

/** The slice for one group of pods sharing a resolved port set. */
function sliceFor(svc: KubeObject, sig: string, g: Group): KubeObject {
  const { namespace, name } = svc.metadata;
  const labels = {
    ...(svc.metadata.labels ?? {}),
    [SERVICE_LABEL]: name,
    [MANAGED_BY]: 'endpointslice-controller.k8s.io',
  };
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: newMeta({
      name: `${name}-${shortHash(sig).slice(0, 5)}`,
      namespace,
      labels,
      ownerReferences: [controllerRef(svc)],
    }),
    addressType: 'IPv4',
    endpoints: g.pods.map((p) => {
      const { ip, ...rest } = address(svc, p);
      const terminating = Boolean(p.metadata.deletionTimestamp);
      return {
        addresses: [ip],
        conditions: { ready: isReady(p) && !terminating, serving: isReady(p), terminating },
        ...rest,
      };
    }),
    ports: g.ports,
  };
}

function writeSlices(store: Store, svc: KubeObject, groups: Map<string, Group>): void {
  const { namespace, name } = svc.metadata;
  const entries = groups.size
    ? [...groups.entries()]
    : [[canonicalJson([]), { ports: [], pods: [] } as Group] as const];
  const wanted = new Map(
    entries.map(([sig, g]) => sliceFor(svc, sig, g)).map((s) => [s.metadata.name, s]),
  );
  for (const old of store.list(SLICES, namespace)) {
    const ours = old.metadata.labels?.[SERVICE_LABEL] === name && old.metadata.labels?.[MANAGED_BY];
    if (ours && !wanted.has(old.metadata.name)) store.remove(SLICES, namespace, old.metadata.name);
  }
  for (const [sliceName, slice] of wanted) {
    if (!store.get(SLICES, namespace, sliceName)) store.create(SLICES, slice);
    else {
      store.mutate(SLICES, namespace, sliceName, (o) => {
        Object.assign(o, { endpoints: slice.endpoints, ports: slice.ports });
        o.metadata.labels = slice.metadata.labels;
      });
    }
  }
}

/** The endpoints + endpointslice controller. */
export function endpointsController(store: Store): Controller {
  return {
    name: 'endpoints',
    keysFor(ev) {
      if (ev.resource === 'services') return [keyOf(ev.object)];
      if (ev.resource !== 'pods') return [];
      return store.list('services', ev.object.metadata.namespace).map(keyOf);
    },
    initialKeys: () => store.list('services').map(keyOf),
    reconcile(key) {
      const [ns, name] = key.split('/') as [string, string];
      const svc = store.get('services', ns, name);
      if (!svc) {
        store.remove('endpoints', ns, name);
        for (const s of store.list(SLICES, ns))
          if (s.metadata.labels?.[SERVICE_LABEL] === name)
            store.remove(SLICES, ns, s.metadata.name);
        return;
      }
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) return;
      const match = mapMatcher(sel);
      const pods = store
        .list('pods', ns)
        .filter(
          (p) =>
            match(p.metadata.labels) &&
            p.status?.podIP &&
            p.status.phase !== 'Succeeded' &&
            p.status.phase !== 'Failed',
        );
      const groups = groupPods(svc, pods);
      writeEndpoints(store, svc, groups);
      writeSlices(store, svc, groups);
    },
  };
}
