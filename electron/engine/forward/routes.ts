/**
 * Route selection for -L (docs/architecture.md §3), run for every new connection so a replaced
 * pod is picked up at once:
 * - pod-port: targeted and the host is the pod's own loopback → port-forward to the target pod;
 * - service: targetless and the host names a Service → port-forward to a Ready endpoint pod's
 *   targetPort;
 * - agent: everything else; carried by the in-cluster agent (a later issue plugs in through the
 *   RouteResolver seam).
 * Pods and services are read from the namespace's watch-backed cache when it is synced
 * (kube/namespace-cache.ts), so a connection costs no API round trip; otherwise from the API.
 */
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { Route } from '../../../shared/model.ts';
import type { LocalMapping, Target } from '../../../shared/mirrord-syntax/types.ts';
import type { KubeApi } from '../kube/kube-api.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import {
  findService,
  parseServiceHost,
  resolveServiceEndpoint,
  roundRobinPicker,
  type ServiceEndpoint,
} from '../kube/resolve-service.ts';
import {
  pickFirst,
  resolveTarget,
  type NamedTarget,
  type PodPicker,
} from '../kube/resolve-target.ts';

/** A route that ends in a port-forward to one pod. */
export interface PodRoutePlan {
  route: 'pod-port' | 'service';
  namespace: string;
  pod: string;
  /** container port given to the kubelet */
  port: number;
  /** shown to the user: `10.0.0.7:80`, `postgres-0:5432` */
  remote: string;
  container?: string;
}

/** A route only the in-cluster agent can carry (arbitrary hosts, DNS in the pod). */
export interface AgentRoutePlan {
  route: 'agent';
  namespace: string;
  host: string;
  port: number;
  target: Target;
}

export type RoutePlan = PodRoutePlan | AgentRoutePlan;

export interface RouteRequest {
  session: KubeSession;
  namespace: string;
  mapping: LocalMapping;
  target: Target;
  /**
   * Reads served by the watch-backed cache of a namespace, when it is synced and watching;
   * undefined sends resolution to the API directly. `start`: may start the cache if none runs.
   */
  cached?: (namespace: string, start: boolean) => KubeApi | undefined;
  /** Debug log (which path answered when the cache could not). */
  log?: (message: string) => void;
}

export interface RouteResolver {
  /** Resolves one connection's route; rejects with a PortsideError carrying `route` when known. */
  resolve(req: RouteRequest): Promise<RoutePlan>;
}

/** A failure that still knows which route it was on (shown per connection). */
export class RouteError extends PortsideError {
  readonly route: Route;
  constructor(route: Route, err: unknown) {
    const e = err instanceof PortsideError ? err : new PortsideError('Internal', errorText(err));
    super(e.kind, e.message);
    this.route = route;
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** True when the host is the target pod's own loopback. */
export const isLocalHost = (host: string): boolean => LOCAL_HOSTS.has(host.toLowerCase());

export interface RouteResolverOptions {
  /** How a target's ready pods are chosen (first, stable, by default). */
  targetPick?: PodPicker;
  /** How a service's ready pods are chosen (round-robin by default, spreading connections). */
  servicePick?: PodPicker;
}

/** The endpoint behind a service host, or undefined when the host names no service (→ agent). */
async function serviceEndpoint(
  api: KubeApi,
  req: RouteRequest,
  named: { service: string; namespace: string },
  pick: PodPicker,
): Promise<ServiceEndpoint | undefined> {
  let svc;
  try {
    svc = await findService(api, named.namespace, named.service);
  } catch (err) {
    // `example.com` parses as service "example" in namespace "com": a refusal there means "not a service".
    if (
      named.namespace !== req.namespace &&
      err instanceof PortsideError &&
      err.kind === 'Forbidden'
    )
      return undefined;
    throw err;
  }
  if (!svc) return undefined;
  return resolveServiceEndpoint(api, svc, named.namespace, req.mapping.remotePort, pick);
}

/**
 * Resolves from the namespace's cache when it can answer, else (or when the cached answer is a
 * failure, which may only be the cache lagging) with direct API reads, so that correctness never
 * depends on the cache: a success from the cache comes from a live watch, a failure is re-checked.
 */
async function readThrough<T>(
  req: RouteRequest,
  namespace: string,
  route: Route,
  read: (api: KubeApi) => Promise<T>,
): Promise<T> {
  // Another namespace is watched only once it proved to hold the service: `example.com` would
  // otherwise start watches in a namespace "com" that does not exist.
  const start = namespace === req.namespace;
  const cached = req.cached?.(namespace, start);
  if (cached) {
    try {
      return await read(cached);
    } catch (err) {
      req.log?.(
        `resolution cache: ${route} in ${namespace}: "${errorText(err)}" from the cache; re-checking with direct API reads`,
      );
    }
  }
  let result: T;
  try {
    result = await read(req.session.api);
  } catch (err) {
    throw new RouteError(route, err);
  }
  if (!start && result !== undefined) req.cached?.(namespace, true);
  return result;
}

export function createRouteResolver(opts: RouteResolverOptions = {}): RouteResolver {
  const targetPick = opts.targetPick ?? pickFirst;
  const servicePick = opts.servicePick ?? roundRobinPicker();
  const agent = (req: RouteRequest): AgentRoutePlan => ({
    route: 'agent',
    namespace: req.namespace,
    host: req.mapping.remoteHost,
    port: req.mapping.remotePort,
    target: req.target,
  });

  const podPort = async (req: RouteRequest, target: NamedTarget): Promise<PodRoutePlan> => {
    const { mapping } = req;
    const r = await readThrough(req, req.namespace, 'pod-port', (api) =>
      resolveTarget(api, target, req.namespace, targetPick),
    );
    const plan: PodRoutePlan = {
      route: 'pod-port',
      namespace: r.namespace,
      pod: r.name,
      port: mapping.remotePort,
      remote: `${r.name}:${mapping.remotePort}`,
    };
    if (r.container) plan.container = r.container;
    return plan;
  };

  return {
    async resolve(req) {
      const { mapping, target } = req;
      if (target.kind !== 'targetless') {
        return isLocalHost(mapping.remoteHost) ? podPort(req, target) : agent(req);
      }
      const named = parseServiceHost(mapping.remoteHost, req.namespace);
      if (!named) return agent(req);
      const ep = await readThrough(req, named.namespace, 'service', (api) =>
        serviceEndpoint(api, req, named, servicePick),
      );
      if (!ep) return agent(req);
      return {
        route: 'service',
        namespace: named.namespace,
        pod: ep.name,
        port: ep.port,
        remote: ep.remote,
      };
    },
  };
}
