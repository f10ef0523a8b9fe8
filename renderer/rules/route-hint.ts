/** The route a rule's connections take (see docs/architecture.md, "Routes for -L"). */
import { isLoopbackHost, parseRule } from '../../shared/mirrord-syntax/index.ts';
import type { RuleView } from '../../shared/model.ts';

/**
 * `pod-port` (targeted, local host), `service or agent` (targetless name: a Service of the
 * namespace, else the agent), `agent` otherwise and for -R. The connection rows show the real one.
 */
export function routeHint(rule: Pick<RuleView, 'direction' | 'spec' | 'target'>): string {
  const parsed = parseRule(rule);
  if (!parsed.ok || parsed.value.direction === 'R') return 'agent';
  const targeted = parsed.value.target.kind !== 'targetless';
  const host = parsed.value.mapping.remoteHost;
  if (targeted) return isLoopbackHost(host) ? 'pod-port' : 'agent';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(host) && !/^[\d.]+$/.test(host)
    ? 'service or agent'
    : 'agent';
}
