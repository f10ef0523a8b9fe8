import type { StateCreator } from 'zustand';
import type { ProfileView } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

/** Named sets of rules that start and stop together, as the host reports them. */
export interface ProfilesSlice {
  profiles: ProfileView[];
  setProfiles(profiles: ProfileView[]): void;
}

export const initialProfiles = { profiles: [] as ProfileView[] };

export const createProfilesSlice: StateCreator<StoreState, [], [], ProfilesSlice> = (set) => ({
  ...initialProfiles,
  setProfiles: (profiles) => set({ profiles }),
});
