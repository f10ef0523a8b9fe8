/**
 * Dark and light follow the OS: `nativeTheme.themeSource` is set from the user's setting
 * (`system` by default), which also drives `prefers-color-scheme` in the renderer, so the page
 * needs no channel of its own. The window's background (seen before the page paints) follows too.
 */
import type { Settings } from '../../shared/model.ts';
import type { SettingsStore } from '../engine/api/engine.ts';

export interface NativeThemeLike {
  themeSource: Settings['theme'];
  readonly shouldUseDarkColors: boolean;
  on(event: 'updated', listener: () => void): unknown;
}

/** Matches the renderer's page background in each theme, so opening never flashes. */
export const windowBackground = (dark: boolean): string => (dark ? '#0f172a' : '#f8fafc');

/** Applies the theme setting now and on every change; `onColors` hears every switch. */
export function setupTheme(
  nativeTheme: NativeThemeLike,
  settings: Pick<SettingsStore, 'get' | 'onChanged'>,
  onColors: (dark: boolean) => void,
): void {
  nativeTheme.themeSource = settings.get().theme;
  settings.onChanged((s) => {
    if (nativeTheme.themeSource !== s.theme) nativeTheme.themeSource = s.theme;
  });
  nativeTheme.on('updated', () => onColors(nativeTheme.shouldUseDarkColors));
}
