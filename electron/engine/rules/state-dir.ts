/** Where terminal hosts (`portside serve`, `npm run demo`) keep their state, XDG-style. */
import { homedir } from 'node:os';
import path from 'node:path';

/** `$XDG_CONFIG_HOME/portside`, else `~/.config/portside` (relative XDG values are ignored, as the spec says). */
export function defaultStateDir(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(base, 'portside');
}
