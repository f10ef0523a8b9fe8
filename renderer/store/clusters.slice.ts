import type { StateCreator } from 'zustand';
import type { KubeContext, KubeTargets } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

/** What the pickers show, loaded on demand and refreshed on `kube:changed`. */
export type Loadable<T> =
  | { status: 'loading'; value?: T }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: string; value?: T };

export interface ClustersSlice {
  contexts: Loadable<KubeContext[]> | null;
  namespaces: Record<string, Loadable<string[]>>;
  /** keyed by `targetsKey(context, namespace)` */
  targets: Record<string, Loadable<KubeTargets>>;
  setContexts(v: Loadable<KubeContext[]>): void;
  setNamespaces(context: string, v: Loadable<string[]>): void;
  setTargets(context: string, namespace: string, v: Loadable<KubeTargets>): void;
}

export const targetsKey = (context: string, namespace: string): string =>
  `${context}\n${namespace}`;

export const initialClusters = {
  contexts: null as Loadable<KubeContext[]> | null,
  namespaces: {} as Record<string, Loadable<string[]>>,
  targets: {} as Record<string, Loadable<KubeTargets>>,
};

export const createClustersSlice: StateCreator<StoreState, [], [], ClustersSlice> = (set) => ({
  ...initialClusters,
  setContexts: (contexts) => set({ contexts }),
  setNamespaces: (context, v) => set((s) => ({ namespaces: { ...s.namespaces, [context]: v } })),
  setTargets: (context, namespace, v) =>
    set((s) => ({ targets: { ...s.targets, [targetsKey(context, namespace)]: v } })),
});
