/** The user's settings in memory; persistence listens to `onChanged`. */
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/model.ts';
import type { SettingsStore } from '../api/engine.ts';

export function createSettingsStore(initial: Settings = DEFAULT_SETTINGS): SettingsStore {
  let current: Settings = { ...initial };
  const listeners = new Set<(s: Settings) => void>();
  return {
    get: () => ({ ...current }),
    set(patch) {
      const next: Settings = { ...current };
      for (const [k, v] of Object.entries(patch) as Array<[keyof Settings, never]>) {
        if (v !== undefined) next[k] = v;
      }
      if (JSON.stringify(next) !== JSON.stringify(current)) {
        current = next;
        for (const l of [...listeners]) l({ ...current });
      }
      return { ...current };
    },
    onChanged(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
