/**
 * The one place where host events become store actions. Order matters (ready handshake): bind the
 * listeners, then `app:ready` (the host releases queued events), then fetch the full state.
 */
import type { PortsideApi } from '../../shared/contract.ts';
import type { ApiHandle } from '../api.ts';
import { useStore } from './index.ts';
import { errorText } from '../../shared/errors.ts';

/** Handshake + full state; also run again after every reconnect. */
export async function syncState(api: PortsideApi): Promise<void> {
  const s = useStore.getState();
  try {
    await api.appReady();
    const [info, rules, connections] = await Promise.all([
      api.appInfo(),
      api.rulesList(),
      api.connectionsList(),
    ]);
    s.setInfo(info);
    s.setConnections(connections);
    s.setRules(rules);
    s.setAppError(null);
  } catch (err) {
    s.setAppError(`Could not load the state from Portside: ${errorText(err)}`);
  }
}

/** Binds host events to the store once; returns the unbind function. */
export function bindApi({ api, onLinkStatus }: ApiHandle): () => void {
  const s = useStore.getState();
  const offs = [
    api.onRulesChanged((rules) => useStore.getState().setRules(rules)),
    api.onConnectionsChanged((delta) => useStore.getState().applyConnectionsDelta(delta)),
  ];
  if (onLinkStatus) {
    // Each (re)connect is a fresh session on the host: handshake again and reload everything.
    offs.push(
      onLinkStatus((status) => {
        useStore.getState().setLink(status);
        if (status === 'open') void syncState(api);
      }),
    );
  } else {
    s.setLink('open');
    void syncState(api);
  }
  return () => offs.forEach((off) => off());
}
