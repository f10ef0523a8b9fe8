/** Short human descriptions of specs and targets for lists, the tray and CLI output. */
import type { LocalMapping, ReverseMapping, Target, TargetKind } from './types.ts';
import { joinHostPort } from './host.ts';
import { formatTarget } from './target.ts';
import { validateRuleSpec } from './validate.ts';

const KIND_LABELS: Readonly<Record<TargetKind, string>> = {
  pod: 'pod',
  deployment: 'deployment',
  rollout: 'Argo rollout',
  job: 'job',
  cronjob: 'cron job',
  statefulset: 'stateful set',
  service: 'service',
  replicaset: 'replica set',
};

/** `127.0.0.1:18080 → py-serv:80` */
export function describeLocalMapping(m: LocalMapping, bindAddress = '127.0.0.1'): string {
  return `${joinHostPort(bindAddress, m.localPort)} → ${joinHostPort(m.remoteHost, m.remotePort)}`;
}

/** `deployment/api:80 → 127.0.0.1:8080` (`remote:80 → …` when the target is unknown). */
export function describeReverseMapping(m: ReverseMapping, target?: Target): string {
  const where = target && target.kind !== 'targetless' ? formatTarget(target) : 'remote';
  return `${where}:${m.remotePort} → 127.0.0.1:${m.localPort}`;
}

/** Describes a rule spec; an invalid spec is shown as typed (`-L 0:x:80`) so nothing is hidden. */
export function describeSpec(
  direction: 'L' | 'R',
  spec: string,
  options: { bindAddress?: string; target?: Target } = {},
): string {
  const parsed = validateRuleSpec(direction, spec);
  if (!parsed.ok) return `-${direction} ${spec}`;
  if (parsed.value.direction === 'L')
    return describeLocalMapping(parsed.value.mapping, options.bindAddress || undefined);
  return describeReverseMapping(parsed.value.mapping, options.target);
}

/** `targetless`, `deployment api`, `pod db-0 (container postgres)`. */
export function describeTarget(t: Target): string {
  if (t.kind === 'targetless') return 'targetless';
  const base = `${KIND_LABELS[t.kind]} ${t.name}`;
  return t.container === undefined ? base : `${base} (container ${t.container})`;
}
