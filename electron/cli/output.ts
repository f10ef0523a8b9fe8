/**
 * What `portside port-forward` prints for engine events: human lines or `--json` NDJSON objects.
 * Pure: callers write the returned lines to stdout.
 */
import type { AgentView, ConnectionView, RuleView } from '../../shared/model.ts';
import { joinHostPort } from '../../shared/mirrord-syntax/host.ts';
import { parseRule } from '../../shared/mirrord-syntax/validate.ts';
import { describeReverseMapping } from '../../shared/mirrord-syntax/describe.ts';

/** `--json` rule event. */
export interface RuleEvent {
  type: 'rule';
  id: string;
  name: string;
  direction: 'L' | 'R';
  spec: string;
  target?: string;
  state: RuleView['state'];
  reason?: string;
  listen?: string;
  /** The rule's probe result, when it has a probe. */
  health?: RuleView['health'];
}

/** `--json` connection event; times are epoch milliseconds. */
export interface ConnectionEvent {
  type: 'connection';
  id: string;
  rule: string;
  peer: string;
  route?: ConnectionView['route'];
  pod?: string;
  remote?: string;
  state: ConnectionView['state'];
  bytesUp: number;
  bytesDown: number;
  openedAt: number;
  closedAt?: number;
  durationMs?: number;
  reason?: string;
}

/** `127.0.0.1:18080 → py-serv:80` for L, `deployment/api:80 → 127.0.0.1:8080` for R; the spec as typed if invalid. */
export function describeRule(rule: RuleView): string {
  const parsed = parseRule(rule);
  if (!parsed.ok) return rule.spec;
  const v = parsed.value;
  if (v.direction === 'R') return describeReverseMapping(v.mapping, v.target);
  const listen =
    rule.listenAddress ?? joinHostPort(rule.bindAddress || '127.0.0.1', v.mapping.localPort);
  return `${listen} → ${joinHostPort(v.mapping.remoteHost, v.mapping.remotePort)}`;
}

/** `rule L 127.0.0.1:18080 → py-serv:80 listening`, `… failed: <reason>`. */
export function formatRuleLine(rule: RuleView): string {
  const via =
    rule.direction === 'L' && rule.target && rule.target !== 'targetless'
      ? ` via ${rule.target}`
      : '';
  const state = rule.reason ? `${rule.state}: ${rule.reason}` : rule.state;
  return `rule ${rule.direction} ${describeRule(rule)}${via} ${state}${healthText(rule.health)}`;
}

/** `, probe healthy` / `, probe unhealthy: why`; nothing without a probe or before its first result. */
function healthText(h: RuleView['health']): string {
  if (!h || h.state === 'unknown') return '';
  return h.reason ? `, probe ${h.state}: ${h.reason}` : `, probe ${h.state}`;
}

/** The NDJSON object for a rule. */
export function ruleEvent(rule: RuleView): RuleEvent {
  return {
    type: 'rule',
    id: rule.id,
    name: rule.name,
    direction: rule.direction,
    spec: rule.spec,
    target: rule.target || undefined,
    state: rule.state,
    reason: rule.reason,
    listen: rule.listenAddress,
    health: rule.health,
  };
}

/** The NDJSON object for a connection. */
export function connectionEvent(c: ConnectionView): ConnectionEvent {
  const durationMs = c.closedAt === undefined ? undefined : Math.max(0, c.closedAt - c.openedAt);
  return {
    type: 'connection',
    id: c.id,
    rule: c.ruleId,
    peer: c.peer,
    route: c.route,
    pod: c.pod,
    remote: c.remote,
    state: c.state,
    bytesUp: c.bytesUp,
    bytesDown: c.bytesDown,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    durationMs,
    reason: c.reason,
  };
}

/** Exact bytes (counters are exact and scripts compare them), with a readable size when large. */
export function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let unit = '';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return unit ? `${n} B (${v.toFixed(1)} ${unit})` : `${n} B`;
}

/** `850 ms`, `1.2 s`, `2m 03s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function destination(c: ConnectionView, rule: RuleView | undefined): string {
  const parsed = rule && parseRule(rule);
  if (!parsed?.ok) return c.remote ?? '?';
  const v = parsed.value;
  if (v.direction === 'R') return `127.0.0.1:${v.mapping.localPort}`;
  return joinHostPort(v.mapping.remoteHost, v.mapping.remotePort);
}

/**
 * `conn 7 open 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80)`, and on close
 * `conn 7 closed … : 78 B up, 1234 B down, 12 ms[, reason]`.
 */
export function formatConnectionLine(c: ConnectionView, rule?: RuleView): string {
  const via = [c.route && `via ${c.route}`, c.pod && `pod ${c.pod}`].filter(Boolean).join(' ');
  const resolved = c.remote && c.remote !== destination(c, rule) ? ` (${c.remote})` : '';
  const head = `conn ${c.id} ${c.state} ${c.peer} → ${destination(c, rule)}${via ? ` ${via}` : ''}${resolved}`;
  if (c.state !== 'closed' && c.state !== 'failed') return c.reason ? `${head}: ${c.reason}` : head;
  const took = formatDuration(Math.max(0, (c.closedAt ?? c.openedAt) - c.openedAt));
  const totals = `${formatBytes(c.bytesUp)} up, ${formatBytes(c.bytesDown)} down, ${took}`;
  return `${head}: ${totals}${c.reason ? `, ${c.reason}` : ''}`;
}

/** `--json` agent event: one pod's agent as a rule sees it (progress, ready, mode, failure). */
export interface AgentEvent {
  type: 'agent';
  rule: string;
  pod: string;
  namespace: string;
  state: AgentView['state'];
  mode?: AgentView['mode'];
  reason?: string;
}

export function agentEvent(rule: RuleView, a: AgentView): AgentEvent {
  return { type: 'agent', rule: rule.id, ...a };
}

/** `agent default/py-serv-1 ready (steal) for rule R deployment/py-serv:80 → 127.0.0.1:19090`. */
export function formatAgentLine(rule: RuleView, a: AgentView): string {
  const mode = a.mode && a.state === 'ready' ? ` (${a.mode})` : '';
  const why = a.reason ? `: ${a.reason}` : '';
  return `agent ${a.namespace}/${a.pod || '(new pod)'} ${a.state}${mode}${why} for rule ${rule.direction} ${describeRule(rule)}`;
}
