import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../shared/errors.ts';
import type { Settings } from '../../shared/model.ts';
import { notifyPrefsOf } from '../../shared/notify-policy.ts';
import { useApi } from '../api-context.tsx';
import { useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import './notifications.css';

/** Notifications on or off, globally and per rule; in Electron also "keep running in the tray". */
export function NotifySettings() {
  const api = useApi();
  const settings = useStore((s) => s.settings);
  const host = useStore((s) => s.info?.host);
  const rules = useStore(useShallow(selectRules));
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  const prefs = notifyPrefsOf(settings);
  const change = (patch: Partial<Settings>) => {
    setError(null);
    api.settingsSet(patch).then(
      (s) => useStore.getState().setSettings(s),
      (err: unknown) => setError(errorText(err)),
    );
  };
  const mute = (id: string, muted: boolean) => {
    const others = prefs.mutedRuleIds.filter((m) => m !== id);
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
        {prefs.enabled && rules.length > 0 && (
          <ul className="notify-rules" aria-label="Notifications per rule">
            {rules.map((r) => (
              <li key={r.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={!prefs.mutedRuleIds.includes(r.id)}
                    onChange={(e) => mute(r.id, !e.target.checked)}
                  />{' '}
                  {r.name}
                </label>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
