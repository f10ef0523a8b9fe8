/**
 * What the netns runtime needs to know about Services: ClusterIPs, ports and endpoints. The API
 * server hands it over through `PodRuntime.syncNetwork` whenever Services or Endpoints change;
 * `networkStateFromObjects` turns the stored core/v1 objects into it.
 */

export interface NetPort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface NetEndpoint {
  ip: string;
  ready: boolean;
  /** Set for pods with spec.hostname (StatefulSet pods under a headless Service). */
  hostname?: string;
  ports: NetPort[];
}

export interface NetService {
  namespace: string;
  name: string;
  /** null / "None" = headless (DNS only, no DNAT). */
  clusterIP: string | null;
  ports: NetPort[];
  endpoints: NetEndpoint[];
}

/** Everything Service-related the runtime implements (kube-proxy rules + cluster DNS). */
export interface NetworkState {
  services: NetService[];
}

/** An outside-world host of the scenario: `name` resolves only inside pods; an app serves it. */
export interface ExternalHostSpec {
  name: string;
  /** App kind from kube-sim/apps, e.g. "http". */
  app: string;
  /** Port the app listens on (default 80). */
  port?: number;
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const rec = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

function toPorts(v: unknown): NetPort[] {
  return arr(v).map((p) => ({
    name: typeof p.name === 'string' && p.name ? p.name : undefined,
    port: Number(p.port),
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
  }));
}

/** Endpoints object → flat endpoint list (ready = `addresses`, not ready = `notReadyAddresses`). */
function toEndpoints(endpoints: Obj | undefined): NetEndpoint[] {
  const out: NetEndpoint[] = [];
  for (const subset of arr(endpoints?.subsets)) {
    const ports = toPorts(subset.ports);
    for (const [key, ready] of [
      ['addresses', true],
      ['notReadyAddresses', false],
    ] as const) {
      for (const a of arr(subset[key])) {
        const hostname = typeof a.hostname === 'string' && a.hostname ? a.hostname : undefined;
        out.push({ ip: String(a.ip), ready, hostname, ports });
      }
    }
  }
  return out;
}

/** Builds a NetworkState from core/v1 Service and Endpoints objects (as stored by the API server). */
export function networkStateFromObjects(services: unknown[], endpoints: unknown[]): NetworkState {
  const byKey = new Map<string, Obj>();
  for (const e of endpoints) {
    const meta = rec(rec(e).metadata);
    byKey.set(`${String(meta.namespace)}/${String(meta.name)}`, rec(e));
  }
  return {
    services: services.map((s) => {
      const meta = rec(rec(s).metadata);
      const spec = rec(rec(s).spec);
      const ip =
        typeof spec.clusterIP === 'string' && spec.clusterIP && spec.clusterIP !== 'None'
          ? spec.clusterIP
          : null;
      const key = `${String(meta.namespace)}/${String(meta.name)}`;
      return {
        namespace: String(meta.namespace),
        name: String(meta.name),
        clusterIP: ip,
        ports: toPorts(spec.ports),
        endpoints: toEndpoints(byKey.get(key)),
      };
    }),
  };
}
