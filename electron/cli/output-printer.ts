/** Turns the engine's rule lists and connection deltas into lines to print, once per change. */
import type { ConnectionState, ConnectionsDelta, RuleView } from '../../shared/model.ts';
import {
  agentEvent,
  connectionEvent,
  formatAgentLine,
  formatConnectionLine,
  formatRuleLine,
  ruleEvent,
} from './output.ts';

export type OutputMode = 'human' | 'json';

export interface OutputPrinter {
  /** Lines for rules whose state, reason or listen address changed since the last call. */
  rules(list: readonly RuleView[]): string[];
  /** Lines for connections whose state changed (counter-only updates print nothing). */
  connections(delta: ConnectionsDelta): string[];
}

// Humans get open and close lines; NDJSON consumers get every state change.
const HUMAN_STATES: ReadonlySet<ConnectionState> = new Set(['open', 'closed', 'failed']);
// Enough to remember every connection of a busy session; the oldest are forgotten first.
const MAX_TRACKED = 50_000;

/** Creates a printer that remembers what it already reported, so repeated snapshots print once. */
export function createOutputPrinter(mode: OutputMode, maxTracked = MAX_TRACKED): OutputPrinter {
  const ruleKeys = new Map<string, string>();
  // `rule\0namespace\0pod` → last printed agent state, so progress prints once per change.
  const agentKeys = new Map<string, string>();
  const rulesById = new Map<string, RuleView>();
  const connStates = new Map<string, ConnectionState>();
  const announced = new Set<string>();
  // Batching can skip "open" (a client that sends and FINs at once): then half-closed announces it.
  const humanSees = (id: string, state: ConnectionState): boolean => {
    const live = state === 'open' || state === 'half-closed';
    if (live && announced.has(id)) return false;
    if (live) announced.add(id);
    else announced.delete(id);
    return live || HUMAN_STATES.has(state);
  };

  return {
    rules(list) {
      const lines: string[] = [];
      for (const rule of list) {
        rulesById.set(rule.id, rule);
        const health = `${rule.health?.state ?? ''}\n${rule.health?.reason ?? ''}`;
        const key = `${rule.state}\n${rule.reason ?? ''}\n${rule.listenAddress ?? ''}\n${health}`;
        const before = ruleKeys.get(rule.id);
        if (before === key) continue;
        // A new rule is stored as plain "stopped" before it starts: not news.
        if (before === undefined && rule.state === 'stopped' && !rule.reason) continue;
        ruleKeys.set(rule.id, key);
        if (mode === 'json') lines.push(JSON.stringify(ruleEvent(rule)));
        else if (rule.state !== 'starting') lines.push(formatRuleLine(rule));
      }
      for (const rule of list) {
        for (const a of rule.agents ?? []) {
          const id = `${rule.id}\u0000${a.namespace}\u0000${a.pod}`;
          const key = `${a.state}\n${a.mode ?? ''}\n${a.reason ?? ''}`;
          if (agentKeys.get(id) === key) continue;
          agentKeys.set(id, key);
          lines.push(
            mode === 'json' ? JSON.stringify(agentEvent(rule, a)) : formatAgentLine(rule, a),
          );
        }
      }
      const present = new Set(list.map((r) => r.id));
      for (const id of [...ruleKeys.keys()]) {
        if (!present.has(id)) ruleKeys.delete(id);
      }
      for (const id of [...agentKeys.keys()]) {
        if (!present.has(id.split('\u0000')[0]!)) agentKeys.delete(id);
      }
      return lines;
    },
    connections(delta) {
      const lines: string[] = [];
      for (const c of delta.upserted) {
        if (connStates.get(c.id) === c.state) continue;
        connStates.delete(c.id); // re-insert so the newest stay at the end
        connStates.set(c.id, c.state);
        if (mode === 'json') lines.push(JSON.stringify(connectionEvent(c)));
        else if (humanSees(c.id, c.state))
          lines.push(formatConnectionLine(c, rulesById.get(c.ruleId)));
      }
      for (const id of delta.removed) {
        connStates.delete(id);
        announced.delete(id);
      }
      for (const id of connStates.keys()) {
        if (connStates.size <= maxTracked) break;
        connStates.delete(id);
        announced.delete(id);
      }
      return lines;
    },
  };
}
