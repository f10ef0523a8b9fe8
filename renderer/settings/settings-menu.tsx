import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { Settings, Theme } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { useStore } from '../store/index.ts';
import './settings.css';

/** App settings kept by the host: restore running rules on launch, theme. */
export function SettingsMenu() {
  const api = useApi();
  const settings = useStore((s) => s.settings);
  const stateDir = useStore((s) => s.info?.stateDir);
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  const change = (patch: Partial<Settings>) => {
    setError(null);
    api.settingsSet(patch).then(
      (s) => useStore.getState().setSettings(s),
      (err: unknown) => setError(errorText(err)),
    );
  };
  return (
    <details className="settings">
      <summary>Settings</summary>
      <div className="settings-body">
        <label>
          <input
            type="checkbox"
            checked={settings.restoreRunningRules}
            onChange={(e) => change({ restoreRunningRules: e.target.checked })}
          />
          Restore running rules on launch
        </label>
        <label>
          Theme{' '}
          <select
            value={settings.theme}
            onChange={(e) => change({ theme: e.target.value as Theme })}
          >
            <option value="system">follow the system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        <p className="muted" data-testid="state-dir">
          {stateDir ? `Rules, profiles and settings are kept in ${stateDir}` : 'Nothing is saved'}
        </p>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
