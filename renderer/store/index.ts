/** One store, three slices (zustand slices pattern); components select the smallest piece. */
import { create } from 'zustand';
import { createAppSlice, initialApp, type AppSlice } from './app.slice.ts';
import {
  createConnectionsSlice,
  initialConnections,
  type ConnectionsSlice,
} from './connections.slice.ts';
import { createRulesSlice, initialRules, type RulesSlice } from './rules.slice.ts';

export type StoreState = AppSlice & RulesSlice & ConnectionsSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createRulesSlice(...a),
  ...createConnectionsSlice(...a),
}));

/** Back to the initial state (tests call it between cases). */
export function resetStore(): void {
  useStore.setState({ ...initialApp, ...initialRules, ...initialConnections });
}
