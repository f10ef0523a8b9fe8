import type { StateCreator } from 'zustand';
import type { ConnectionView, ConnectionsDelta } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

/** Connections by id, kept live by `connections:changed` deltas. */
export interface ConnectionsSlice {
  connections: Record<string, ConnectionView>;
  setConnections(list: ConnectionView[]): void;
  applyConnectionsDelta(delta: ConnectionsDelta): void;
}

export const initialConnections = { connections: {} as Record<string, ConnectionView> };

export const createConnectionsSlice: StateCreator<StoreState, [], [], ConnectionsSlice> = (
  set,
) => ({
  ...initialConnections,
  setConnections: (list) => set({ connections: Object.fromEntries(list.map((c) => [c.id, c])) }),
  applyConnectionsDelta: ({ upserted, removed }) =>
    set((s) => {
      const connections = { ...s.connections };
      for (const c of upserted) connections[c.id] = c;
      for (const id of removed) delete connections[id];
      return { connections };
    }),
});
