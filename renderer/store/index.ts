/** One store in slices (zustand slices pattern); components select the smallest piece they need. */
import { create } from 'zustand';
import { createAppSlice, initialApp, type AppSlice } from './app.slice.ts';
import { createClustersSlice, initialClusters, type ClustersSlice } from './clusters.slice.ts';
import {
  createConnectionsSlice,
  initialConnections,
  type ConnectionsSlice,
} from './connections.slice.ts';
import { createProfilesSlice, initialProfiles, type ProfilesSlice } from './profiles.slice.ts';
import { createRulesSlice, initialRules, type RulesSlice } from './rules.slice.ts';
import { createUiSlice, initialUi, type UiSlice } from './ui.slice.ts';

export type StoreState = AppSlice &
  RulesSlice &
  ConnectionsSlice &
  ClustersSlice &
  ProfilesSlice &
  UiSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createRulesSlice(...a),
  ...createConnectionsSlice(...a),
  ...createClustersSlice(...a),
  ...createProfilesSlice(...a),
  ...createUiSlice(...a),
}));

/** Back to the initial state (tests call it between cases). */
export function resetStore(): void {
  useStore.setState({
    ...initialApp,
    notices: [],
    ...initialRules,
    ...initialConnections,
    ...initialClusters,
    ...initialProfiles,
    ...initialUi,
  });
}
