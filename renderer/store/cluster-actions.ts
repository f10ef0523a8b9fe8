/** Loads what the pickers show; a `kube:changed` reloads only what is already on screen. */
import type { PortsideApi } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';
import type { KubeChange, KubeTargets } from '../../shared/model.ts';
import { targetsKey } from './clusters.slice.ts';
import { useStore } from './index.ts';

export async function loadContexts(api: PortsideApi): Promise<void> {
  const s = useStore.getState();
  s.setContexts({ status: 'loading', value: s.contexts?.value });
  try {
    s.setContexts({ status: 'ready', value: await api.kubeContexts() });
  } catch (err) {
    s.setContexts({ status: 'error', error: errorText(err), value: s.contexts?.value });
  }
}

export async function loadNamespaces(api: PortsideApi, context: string): Promise<void> {
  const s = useStore.getState();
  const value = s.namespaces[context]?.value;
  s.setNamespaces(context, { status: 'loading', value });
  try {
    s.setNamespaces(context, { status: 'ready', value: await api.kubeNamespaces({ context }) });
  } catch (err) {
    s.setNamespaces(context, { status: 'error', error: errorText(err), value });
  }
}

export async function loadTargets(
  api: PortsideApi,
  context: string,
  namespace: string,
): Promise<void> {
  const s = useStore.getState();
  const value = s.targets[targetsKey(context, namespace)]?.value;
  s.setTargets(context, namespace, { status: 'loading', value });
  try {
    s.setTargets(context, namespace, {
      status: 'ready',
      value: await api.kubeTargets({ context, namespace }),
    });
  } catch (err) {
    s.setTargets(context, namespace, { status: 'error', error: errorText(err), value });
  }
}

/** Re-asks the host for the part of the cluster view that changed, if anything shows it. */
export async function refreshKube(api: PortsideApi, change: KubeChange): Promise<void> {
  const s = useStore.getState();
  if (change.what === 'contexts') {
    if (s.contexts) await loadContexts(api);
    return;
  }
  const loaded = (ctx: string) => change.context === undefined || change.context === ctx;
  if (change.what === 'namespaces') {
    await Promise.all(
      Object.keys(s.namespaces)
        .filter(loaded)
        .map((c) => loadNamespaces(api, c)),
    );
    return;
  }
  const shown = Object.values(s.targets)
    .map((t) => t.value)
    .filter((t): t is KubeTargets => t !== undefined && loaded(t.context))
    .filter((t) => change.namespace === undefined || change.namespace === t.namespace);
  await Promise.all(shown.map((t) => loadTargets(api, t.context, t.namespace)));
}
