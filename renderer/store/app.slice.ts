import type { StateCreator } from 'zustand';
import type { AppInfo, Notice, Settings } from '../../shared/model.ts';
import type { LinkStatus } from '../ws-transport.ts';
import type { StoreState } from './index.ts';

/** Which host serves us, how the link is, settings, and problems that concern the whole app. */
export interface AppSlice {
  info: AppInfo | null;
  link: LinkStatus;
  /** Shown in a banner: e.g. the first state could not be loaded. */
  appError: string | null;
  settings: Settings | null;
  notices: Notice[];
  setInfo(info: AppInfo): void;
  setLink(link: LinkStatus): void;
  setAppError(message: string | null): void;
  setSettings(settings: Settings): void;
  setNotices(notices: Notice[]): void;
}

export const initialApp = {
  info: null,
  link: 'connecting',
  appError: null,
  settings: null,
  notices: [] as Notice[],
} as const;

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set) => ({
  ...initialApp,
  notices: [],
  setInfo: (info) => set({ info }),
  setLink: (link) => set({ link }),
  setAppError: (appError) => set({ appError }),
  setSettings: (settings) => set({ settings }),
  setNotices: (notices) => set({ notices }),
});
