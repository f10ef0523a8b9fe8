/**
 * netns mode: the runtime implements Services itself (kube-proxy rules + cluster DNS), so every
 * change of Services or Endpoints is handed to its `syncNetwork`, coalesced and in order.
 */
import type { PodRuntime } from '../runtime/types.ts';
import type { Store } from '../store/store.ts';

type ToState = (services: unknown[], endpoints: unknown[]) => unknown;

const NETNS_URL = new URL('../runtime/netns/index.ts', import.meta.url);

/** Starts syncing when the runtime wants it; returns the stop function (waits for a sync in flight). */
export async function startNetworkSync(
  store: Store,
  runtime: PodRuntime,
  onError: (err: unknown, where: string) => void,
): Promise<() => Promise<void>> {
  const sync = runtime.syncNetwork?.bind(runtime);
  if (!sync) return async () => {};
  const spec: string = NETNS_URL.href;
  const toState = ((await import(spec)) as { networkStateFromObjects: ToState })
    .networkStateFromObjects;
  let running: Promise<void> = Promise.resolve();
  let pending = false;
  let stopped = false;
  const schedule = () => {
    if (pending || stopped) return;
    pending = true;
    running = running.then(async () => {
      pending = false;
      if (stopped) return;
      const state = toState(store.list('services'), store.list('endpoints'));
      await sync(state).catch((err: unknown) => onError(err, 'syncNetwork'));
    });
  };
  const unsubscribe = store.subscribe((ev) => {
    if (ev.resource === 'services' || ev.resource === 'endpoints') schedule();
  });
  schedule();
  return async () => {
    stopped = true;
    unsubscribe();
    await running;
  };
}
