import type { Theme } from '../../shared/model.ts';
import { useStore } from '../store/index.ts';
import { useSettingsChange } from './use-settings-change.ts';
import './settings.css';

/** App settings kept by the host: restore running rules on launch, theme. */
export function SettingsMenu() {
  const { change, error } = useSettingsChange();
  const settings = useStore((s) => s.settings);
  const stateDir = useStore((s) => s.info?.stateDir);
  if (!settings) return null;
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
