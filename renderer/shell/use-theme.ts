import { useEffect } from 'react';
import { useStore } from '../store/index.ts';

/**
 * Puts the chosen theme on <html data-theme>; `system` removes it so the stylesheet follows the
 * OS through prefers-color-scheme (and changes with it live).
 */
export function useTheme(): void {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
