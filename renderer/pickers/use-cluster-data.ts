import { useEffect } from 'react';
import type { KubeContext, KubeTargets } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { loadContexts, loadNamespaces, loadTargets } from '../store/cluster-actions.ts';
import { targetsKey, type Loadable } from '../store/clusters.slice.ts';
import { useStore } from '../store/index.ts';

export interface ClusterData {
  contexts: Loadable<KubeContext[]> | null;
  /** The context in use: the chosen one, else the kubeconfig's current one. */
  context: string | undefined;
  namespaces: Loadable<string[]> | undefined;
  /** The namespace in use: the typed one, else the context's default. */
  namespace: string | undefined;
  targets: Loadable<KubeTargets> | undefined;
}

/** Loads (once, then live via `kube:changed`) what the pickers show for this context and namespace. */
export function useClusterData(chosenContext: string, chosenNamespace: string): ClusterData {
  const api = useApi();
  const contexts = useStore((s) => s.contexts);
  const ctx = chosenContext
    ? contexts?.value?.find((c) => c.name === chosenContext)
    : contexts?.value?.find((c) => c.current);
  const context = chosenContext || ctx?.name;
  const namespace = chosenNamespace.trim() || ctx?.namespace;
  const namespaces = useStore((s) => (context ? s.namespaces[context] : undefined));
  const targets = useStore((s) =>
    context && namespace ? s.targets[targetsKey(context, namespace)] : undefined,
  );
  useEffect(() => {
    if (!useStore.getState().contexts) void loadContexts(api);
  }, [api]);
  useEffect(() => {
    if (context && !useStore.getState().namespaces[context]) void loadNamespaces(api, context);
  }, [api, context]);
  useEffect(() => {
    if (!context || !namespace) return;
    // Only names Kubernetes accepts are asked for, so typing does not fire a request per key.
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) return;
    if (!useStore.getState().targets[targetsKey(context, namespace)])
      void loadTargets(api, context, namespace);
  }, [api, context, namespace]);
  return { contexts, context, namespaces, namespace, targets };
}
