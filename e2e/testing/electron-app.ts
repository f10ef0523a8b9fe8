/**
 * The real Electron app for `_electron` specs: where its binary is (or why it is absent, so the
 * spec can skip with the reason printed), and one launch with a fresh user-data folder and a
 * kubeconfig of the test's own. Launches the unpackaged build (dist/, dist-electron/): packaged
 * builds disable the node-inspect fuse that `_electron.launch` needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What `require('electron')` would return, without requiring it (that throws when absent). */
export function electronBinary(): { path?: string; reason?: string } {
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt))
    return {
      reason:
        'Electron binary absent: no node_modules/electron/path.txt (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)',
    };
  const path = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(path)) return { reason: `Electron binary absent: ${path} does not exist` };
  for (const built of [
    'dist/renderer/index.html',
    'dist-electron/main.js',
    'dist-electron/preload.cjs',
  ]) {
    if (!existsSync(join(root, built)))
      return { reason: `Electron app not built: ${built} missing (npm run build)` };
  }
  return { path };
}

/** The binary for `spec`, warning once with the reason when it is absent. */
export function electronFor(spec: string): { path?: string; reason?: string } {
  const binary = electronBinary();
  if (binary.reason) console.warn(`${spec} skipped: ${binary.reason}`);
  return binary;
}

/** Starts the app on `userData` and `kubeconfig`; resolves with it and its first window. */
export async function launchApp(
  executablePath: string | undefined,
  userData: string,
  kubeconfig: string,
): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch({
    executablePath,
    args: [root],
    env: { ...process.env, PORTSIDE_USER_DATA_DIR: userData, KUBECONFIG: kubeconfig },
  });
  return { app, page: await app.firstWindow() };
}
