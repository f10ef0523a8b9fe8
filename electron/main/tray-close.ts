/** Closing the last window: keep running in the tray (a setting, default on), with a hint shown once. */
import type { Settings } from '../../shared/model.ts';

export const TRAY_HINT = {
  title: 'Portside is still running',
  body: 'Your rules keep forwarding. Open Portside or quit it from the tray icon.',
};

export interface CloseDeps {
  settings: { get(): Settings; set(patch: Partial<Settings>): Settings };
  /** False when no tray could be created: then closing must quit, or the app could not be reached. */
  hasTray(): boolean;
  hint(title: string, body: string): void;
}

/** Answers "keep running?" when the last window closes, showing the hint the first time. */
export function keepRunningOnClose(deps: CloseDeps): boolean {
  const s = deps.settings.get();
  if (!deps.hasTray() || s.keepRunningInTray === false) return false;
  if (s.trayHintShown !== true) {
    deps.hint(TRAY_HINT.title, TRAY_HINT.body);
    deps.settings.set({ trayHintShown: true });
  }
  return true;
}
