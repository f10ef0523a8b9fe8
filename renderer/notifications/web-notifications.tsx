/**
 * The browser host's notifications (Electron's main process shows OS ones itself): the same
 * policy as Electron (shared/notify-policy.ts), through the web Notification API once permitted.
 */
import { useEffect, useState } from 'react';
import {
  createNotifyGate,
  createRuleNotifier,
  notifyPrefsOf,
  type RuleNotification,
} from '../../shared/notify-policy.ts';
import { selectRules } from '../store/selectors.ts';
import { useStore } from '../store/index.ts';

const supported = (): boolean => typeof Notification !== 'undefined';

function show(n: RuleNotification): void {
  const note = new Notification(n.title, { body: n.body, tag: `portside-${n.ruleId}` });
  note.onclick = () => {
    window.focus();
    useStore.getState().focusRule(n.ruleId);
    note.close();
  };
}

/** Watches the rules in the store while this host is the browser and notifications are permitted. */
function useRuleNotifications(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const notifier = createRuleNotifier(createNotifyGate(() => Date.now()));
    const prefs = () => notifyPrefsOf(useStore.getState().settings ?? {});
    notifier.update(selectRules(useStore.getState()), prefs(), true);
    return useStore.subscribe((s, prev) => {
      if (s.rulesById === prev.rulesById) return;
      const focused = document.visibilityState === 'visible' && document.hasFocus();
      for (const n of notifier.update(selectRules(s), prefs(), focused)) show(n);
    });
  }, [active]);
}

/** Asks for permission (browsers want a click for that) and then notifies; nothing in Electron. */
export function WebNotifications() {
  const host = useStore((s) => s.info?.host);
  const [permission, setPermission] = useState(() =>
    supported() ? Notification.permission : 'denied',
  );
  useRuleNotifications(host === 'web' && permission === 'granted');
  if (host !== 'web' || !supported() || permission !== 'default') return null;
  return (
    <button
      type="button"
      title="Tell me when a rule fails, gives up or recovers while this tab is in the background"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Enable notifications
    </button>
  );
}
