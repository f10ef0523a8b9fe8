/**
 * Route selection for -L (DESIGN.md "Routes for -L"), run for every new connection so a replaced
 * pod is picked up at once:
 * - pod-port: targeted and the host is the pod's own loopback → port-forward to the target pod;
 * - service: targetless and the host names a Service → port-forward to a Ready endpoint pod's
 *   targetPort;
 * - agent: everything else; carried by the in-cluster agent (a later issue plugs in through the
 *   RouteResolver seam).
 */
import { PortsideError } from '../../../shared/errors.ts';
import type { Route } from '../../../shared/model.ts';
import type { LocalMapping, Target } from '../../../shared/spec/types.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import {
  findService,
  parseServiceHost,
  resolveServiceEndpoint,
  roundRobinPicker,
} from '../kube/resolve-service.ts';
import { pickFirst, resolveTarget, type PodPicker } from '../kube/resolve-target.ts';

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
}

export interface RouteResolver {
  /** Resolves one connection's route; rejects with a PortsideError carrying `route` when known. */
  resolve(req: RouteRequest): Promise<RoutePlan>;
}

/** A failure that still knows which route it was on (shown per connection). */
export class RouteError extends PortsideError {
  readonly route: Route;
  constructor(route: Route, err: unknown) {
    const e =
      err instanceof PortsideError
        ? err
        : new PortsideError('Internal', err instanceof Error ? err.message : String(err));
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

  return {
    async resolve(req) {
      const { mapping, target, session } = req;
      if (target.kind !== 'targetless') {
        if (!isLocalHost(mapping.remoteHost)) return agent(req);
        try {
          const r = await resolveTarget(session.api, target, req.namespace, targetPick);
          const plan: PodRoutePlan = {
            route: 'pod-port',
            namespace: r.namespace,
            pod: r.name,
            port: mapping.remotePort,
            remote: `${r.name}:${mapping.remotePort}`,
          };
          if (r.container) plan.container = r.container;
          return plan;
        } catch (err) {
          throw new RouteError('pod-port', err);
        }
      }
      const named = parseServiceHost(mapping.remoteHost, req.namespace);
      if (!named) return agent(req);
      let svc;
      try {
        svc = await findService(session.api, named.namespace, named.service);
      } catch (err) {
        // `example.com` parses as service "example" in namespace "com": a refusal there means "not a service".
        if (
          named.namespace !== req.namespace &&
          err instanceof PortsideError &&
          err.kind === 'Forbidden'
        )
          return agent(req);
        throw new RouteError('service', err);
      }
      if (!svc) return agent(req);
      try {
        const ep = await resolveServiceEndpoint(
          session.api,
          svc,
          named.namespace,
          mapping.remotePort,
          servicePick,
        );
        return {
          route: 'service',
          namespace: named.namespace,
          pod: ep.name,
          port: ep.port,
          remote: ep.remote,
        };
      } catch (err) {
        throw new RouteError('service', err);
      }
    },
  };
}
