import { useShallow } from 'zustand/react/shallow';
import { notifyPrefsOf } from '../../shared/notify-policy.ts';
import { useSettingsChange } from '../settings/use-settings-change.ts';
import { useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import './notifications.css';

/** One checkbox per rule: unticked = that rule's notifications are off. */
function RuleMutes({
  muted,
  onMute,
}: {
  muted: readonly string[];
  onMute(id: string, muted: boolean): void;
}) {
  const rules = useStore(useShallow(selectRules));
  if (rules.length === 0) return null;
  return (
    <ul className="notify-rules" aria-label="Notifications per rule">
      {rules.map((r) => (
        <li key={r.id}>
          <label>
            <input
              type="checkbox"
              checked={!muted.includes(r.id)}
              onChange={(e) => onMute(r.id, !e.target.checked)}
            />{' '}
            {r.name}
          </label>
        </li>
      ))}
    </ul>
  );
}

/** Notifications on or off, globally and per rule; in Electron also "keep running in the tray". */
export function NotifySettings() {
  const { change, error } = useSettingsChange();
  const settings = useStore((s) => s.settings);
  const host = useStore((s) => s.info?.host);
  if (!settings) return null;
  const prefs = notifyPrefsOf(settings);
  const mute = (id: string, muted: boolean) => {
    // Removed rules drop out here, so the list (bounded by the settings schema) never fills up.
    const known = useStore.getState().rulesById;
    const others = prefs.mutedRuleIds.filter((m) => m !== id && m in known);
    change({ mutedRuleIds: muted ? [...others, id] : others });
  };
  return (
    <details className="notify-settings">
      <summary>Notifications</summary>
      <div className="notify-settings-body">
        <label>
          <input
            type="checkbox"
            checked={prefs.enabled}
            onChange={(e) => change({ notifications: e.target.checked })}
          />{' '}
          Notify when a rule fails, gives up or recovers
        </label>
        {host === 'electron' && (
          <label>
            <input
              type="checkbox"
              checked={settings.keepRunningInTray !== false}
              onChange={(e) => change({ keepRunningInTray: e.target.checked })}
            />{' '}
            Keep running in the tray when the window closes
          </label>
        )}
        {prefs.enabled && <RuleMutes muted={prefs.mutedRuleIds} onMute={mute} />}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
