import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/model.ts';
import type { LinkStatus } from '../ws-transport.ts';
import type { StoreState } from './index.ts';

/** Which host serves us, how the link is, and a problem that concerns the whole app. */
export interface AppSlice {
  info: AppInfo | null;
  link: LinkStatus;
  /** Shown in a banner: e.g. the first state could not be loaded. */
  appError: string | null;
  setInfo(info: AppInfo): void;
  setLink(link: LinkStatus): void;
  setAppError(message: string | null): void;
}

export const initialApp = { info: null, link: 'connecting', appError: null } as const;

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set) => ({
  ...initialApp,
  setInfo: (info) => set({ info }),
  setLink: (link) => set({ link }),
  setAppError: (appError) => set({ appError }),
});
