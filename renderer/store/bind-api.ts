/**
 * The one place where host events become store actions. Order matters (ready handshake): bind the
 * listeners, then `app:ready` (the host releases queued events), then fetch the full state.
 */
import type { PortsideApi } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';
import type { ApiHandle } from '../api.ts';
import { refreshKube } from './cluster-actions.ts';
import { useStore } from './index.ts';

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
    return;
  }
  await syncExtras(api);
}

/** Profiles, settings and notices: a failure here is said, but the rules stay usable. */
async function syncExtras(api: PortsideApi): Promise<void> {
  const s = useStore.getState();
  const [profiles, settings, notices] = await Promise.allSettled([
    api.profilesList(),
    api.settingsGet(),
    api.appNotices(),
  ]);
  if (profiles.status === 'fulfilled') s.setProfiles(profiles.value);
  if (settings.status === 'fulfilled') s.setSettings(settings.value);
  if (notices.status === 'fulfilled') s.setNotices(notices.value);
  const failed = [profiles, settings, notices].find((r) => r.status === 'rejected');
  if (failed) s.setAppError(`Could not load profiles or settings: ${errorText(failed.reason)}`);
}

function bindEvents(api: PortsideApi): (() => void)[] {
  const get = useStore.getState;
  return [
    api.onRulesChanged((rules) => get().setRules(rules)),
    api.onRulesStats((delta) => get().applyRuleStats(delta)),
    api.onConnectionsChanged((delta) => get().applyConnectionsDelta(delta)),
    api.onProfilesChanged((profiles) => get().setProfiles(profiles)),
    api.onSettingsChanged((settings) => get().setSettings(settings)),
    api.onAppNoticesChanged((notices) => get().setNotices(notices)),
    api.onKubeChanged((change) => void refreshKube(api, change)),
    api.onAppOpenRule(({ id }) => get().focusRule(id)),
  ];
}

/** Binds host events to the store once; returns the unbind function. */
export function bindApi({ api, onLinkStatus }: ApiHandle): () => void {
  const offs = bindEvents(api);
  if (onLinkStatus) {
    // Each (re)connect is a fresh session on the host: handshake again and reload everything.
    offs.push(
      onLinkStatus((status) => {
        useStore.getState().setLink(status);
        if (status === 'open') void syncState(api);
      }),
    );
  } else {
    useStore.getState().setLink('open');
    void syncState(api);
  }
  return () => offs.forEach((off) => off());
}
