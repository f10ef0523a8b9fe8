/**
 * Everything the engine keeps beside the rules' live state: profiles, settings and notices, loaded
 * from the state folder at launch (rules restored, running ones started) and saved on every change.
 */
import type { Notices, SettingsStore } from '../api/engine.ts';
import type { Clock } from '../clock.ts';
import { createNotices } from './notices.ts';
import { createProfiles, type ProfileBook } from './profiles.ts';
import { restoreState } from './restore-state.ts';
import type { RuleOps } from './rule-ops.ts';
import type { RuleStore } from './rule-store.ts';
import { createSettingsStore } from './settings-store.ts';
import type { AtomicFs } from './state-file.ts';
import { createPersistence } from './state-persistence.ts';

export interface AppState {
  notices: Notices;
  settings: SettingsStore;
  profiles: ProfileBook;
  /** Writes what is pending (on quit). */
  flush(): Promise<void>;
}

export interface AppStateDeps {
  store: RuleStore;
  ops: RuleOps;
  clock: Clock;
  /** Without it nothing is persisted. */
  stateDir?: string;
  stateFs?: AtomicFs;
}

export function openAppState(d: AppStateDeps): AppState {
  const notices = createNotices(d.clock);
  const persistence = d.stateDir
    ? createPersistence({
        dir: d.stateDir,
        clock: d.clock,
        notices,
        ...(d.stateFs ? { fs: d.stateFs } : {}),
      })
    : undefined;
  const loaded = persistence?.load();
  const settings = createSettingsStore(loaded?.settings);
  const profiles = createProfiles(d.ops, loaded?.profiles);
  if (loaded && persistence) {
    restoreState(loaded, {
      ops: d.ops,
      profiles,
      notices,
      settings: settings.get(),
      keepCopy: persistence.keepCopy,
    });
  }
  const save = (): void =>
    persistence?.save(() => ({
      rules: d.store.list().map((r) => r.rule),
      profiles: profiles.snapshot(),
      settings: settings.get(),
    }));
  d.store.onChange(save);
  // A profile's `running` follows its rules.
  d.store.onChange(profiles.refresh);
  profiles.onChanged(save);
  settings.onChanged(save);
  return { notices, settings, profiles, flush: async () => persistence?.flush() };
}
