/**
 * What to say when a targetless -L names a host that is not a Service of the namespace. The usual
 * cause is a typo in the Service or the namespace, and "needs the in-cluster agent" sent users
 * hunting for an agent; the name looked for (and where) is what they need to see.
 */
import { PortsideError } from '../../../shared/errors.ts';
import { displayName } from '../../../shared/display-text.ts';
import type { AgentRoutePlan } from './routes.ts';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` → the Service and namespace meant. */
export function serviceMeant(
  host: string,
  namespace: string,
): { name: string; namespace: string } | undefined {
  const parts = host.toLowerCase().replace(/\.$/, '').split('.');
  if (!parts.every((p) => LABEL.test(p))) return undefined;
  const [name, ns, svc, ...rest] = parts as [string, string?, string?, ...string[]];
  if (/^\d+$/.test(name)) return undefined; // part of an IP address
  if (parts.length === 1) return { name, namespace };
  const suffixOk =
    parts.length === 2 ||
    (svc === 'svc' && (rest.length === 0 || rest.join('.') === 'cluster.local'));
  return ns && suffixOk ? { name, namespace: ns } : undefined;
}

/** The error for an agent route while the agent is not available. */
export function agentRouteError(
  plan: Pick<AgentRoutePlan, 'host' | 'port' | 'namespace' | 'target'>,
): PortsideError {
  const meant =
    plan.target.kind === 'targetless' ? serviceMeant(plan.host, plan.namespace) : undefined;
  if (meant)
    return new PortsideError(
      'TargetNotFound',
      `no Service "${displayName(meant.name)}" in namespace "${displayName(meant.namespace)}" (check the name and -n); other hosts need the in-cluster agent, which is not available yet`,
    );
  return new PortsideError(
    'Network',
    `reaching ${plan.host}:${plan.port} needs the in-cluster agent, which is not available yet`,
  );
}
