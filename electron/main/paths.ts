/** Where the shell finds its page and preload, inside the app directory or the packaged asar. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  /** dist/renderer/index.html, loaded with `loadFile`. */
  page: string;
  /** The same page as the `file://` URL frames report; the only URL allowed to call the contract. */
  pageUrl: string;
  /** dist-electron/preload.cjs (sandboxed preloads must be CommonJS). */
  preload: string;
}

/** Paths under `app.getAppPath()`: the project root in development, `…/app.asar` when packaged. */
export function resolveAppPaths(appPath: string): AppPaths {
  const page = join(appPath, 'dist', 'renderer', 'index.html');
  return {
    page,
    pageUrl: pathToFileURL(page).href,
    preload: join(appPath, 'dist-electron', 'preload.cjs'),
  };
}

/**
 * `PORTSIDE_USER_DATA_DIR` points the profile at a fresh directory, so e2e tests never touch a
 * real user's data and runs never see each other's. Must run before the app is ready.
 */
export function applyUserDataOverride(
  app: { setPath(name: 'userData', path: string): void },
  env: NodeJS.ProcessEnv,
): void {
  const dir = env.PORTSIDE_USER_DATA_DIR;
  if (dir) app.setPath('userData', dir);
}
