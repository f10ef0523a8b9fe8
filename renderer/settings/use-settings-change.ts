import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { Settings } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { useStore } from '../store/index.ts';

/**
 * Saves a settings patch through the host and stores what it answers; a refusal becomes `error`
 * (one line) until the next change. Shared by every panel that edits settings.
 */
export function useSettingsChange(): {
  change(patch: Partial<Settings>): void;
  error: string | null;
} {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const change = (patch: Partial<Settings>): void => {
    setError(null);
    api.settingsSet(patch).then(
      (s) => useStore.getState().setSettings(s),
      (err: unknown) => setError(errorText(err)),
    );
  };
  return { change, error };
}
