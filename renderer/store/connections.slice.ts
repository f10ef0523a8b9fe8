import type { StateCreator } from 'zustand';
import type { ConnectionView, ConnectionsDelta } from '../../shared/model.ts';
import { mergeIds, newestFirst, trimFinished } from './connection-index.ts';
import { nextLive, type ConnLive } from './connection-rates.ts';
import type { StoreState } from './index.ts';

/**
 * Connections by id, indexed by rule (newest first), kept live by `connections:changed` deltas.
 * A delta copies the top-level records once and touches only the rows it names: a row selects its
 * own connection, so untouched rows keep their objects and do not re-render; a rule's id list
 * changes only when a connection of that rule appears or goes.
 */
export interface ConnectionsSlice {
  connections: Record<string, ConnectionView>;
  connIdsByRule: Record<string, readonly string[]>;
  connLive: Record<string, ConnLive>;
  setConnections(list: ConnectionView[], now?: number): void;
  applyConnectionsDelta(delta: ConnectionsDelta, now?: number): void;
}

export const initialConnections = {
  connections: {} as Record<string, ConnectionView>,
  connIdsByRule: {} as Record<string, readonly string[]>,
  connLive: {} as Record<string, ConnLive>,
};

type ConnState = Pick<ConnectionsSlice, 'connections' | 'connIdsByRule' | 'connLive'>;

/** The pure delta step (exported for tests and for the rules slice's drop). */
export function applyDelta(s: ConnState, delta: ConnectionsDelta, now: number): ConnState {
  const connections = { ...s.connections };
  const connLive = { ...s.connLive };
  const byRule = { ...s.connIdsByRule };
  const added = new Map<string, string[]>();
  const removedFrom = new Map<string, Set<string>>();
  const forget = (id: string) => {
    delete connections[id];
    delete connLive[id];
  };
  for (const c of delta.upserted) {
    if (!connections[c.id]) added.set(c.ruleId, [...(added.get(c.ruleId) ?? []), c.id]);
    connections[c.id] = c;
    connLive[c.id] = nextLive(connLive[c.id], c, now);
  }
  for (const id of delta.removed) {
    const c = connections[id];
    if (!c) continue;
    removedFrom.set(c.ruleId, (removedFrom.get(c.ruleId) ?? new Set()).add(id));
  }
  for (const [ruleId, ids] of added) {
    ids.sort((a, b) =>
      newestFirst(connections[a] as ConnectionView, connections[b] as ConnectionView),
    );
    const { kept, dropped } = trimFinished(
      mergeIds(byRule[ruleId] ?? [], ids, connections),
      connections,
    );
    byRule[ruleId] = kept;
    for (const id of dropped) forget(id);
  }
  for (const [ruleId, gone] of removedFrom) {
    byRule[ruleId] = (byRule[ruleId] ?? []).filter((id) => !gone.has(id));
    for (const id of gone) forget(id);
  }
  return { connections, connLive, connIdsByRule: byRule };
}

/** The connection state without one rule's connections. */
export function withoutRule(s: ConnState, ruleId: string): ConnState {
  const ids = s.connIdsByRule[ruleId];
  if (ids === undefined) return s;
  const next = applyDelta(s, { upserted: [], removed: [...ids] }, 0);
  const { [ruleId]: _gone, ...connIdsByRule } = next.connIdsByRule;
  return { ...next, connIdsByRule };
}

export const createConnectionsSlice: StateCreator<StoreState, [], [], ConnectionsSlice> = (
  set,
) => ({
  ...initialConnections,
  setConnections: (list, now = Date.now()) =>
    set(applyDelta(initialConnections, { upserted: list, removed: [] }, now)),
  applyConnectionsDelta: (delta, now = Date.now()) => set((s) => applyDelta(s, delta, now)),
});
