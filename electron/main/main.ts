/**
 * Electron entry (built to dist-electron/main.js). A thin bootstrap: each module has one
 * `setupX()` and owns its part. Logic that can live without Electron lives in plain modules.
 */
import { app, ipcMain, session } from 'electron';
import { setupEngine } from './engine-host.ts';
import { setupIpc } from './ipc.ts';
import { claimSingleInstance, setupLifecycle } from './lifecycle.ts';
import { applyUserDataOverride, resolveAppPaths } from './paths.ts';
import { setupSecurity } from './security.ts';
import { setupWindow } from './window.ts';

const log = (message: string): void => console.warn(`portside: ${message}`);

async function start(): Promise<void> {
  const paths = resolveAppPaths(app.getAppPath());
  await app.whenReady();
  setupSecurity(app, session.defaultSession, paths.pageUrl);
  const host = setupEngine(app.getVersion());
  const ipc = setupIpc({ ipcMain, handlers: host.handlers, pageUrl: paths.pageUrl, log });
  host.bindEvents(ipc.emit);
  const window = setupWindow(paths, ipc, log);
  setupLifecycle(app, {
    window,
    shutdown: () => host.engine.dispose(),
    platform: process.platform,
    log,
  });
  // Seam for the tray and OS notifications (a later issue): setupTray(window, host.engine).
  window.open();
}

applyUserDataOverride(app, process.env);
if (claimSingleInstance(app)) {
  start().catch((err: unknown) => {
    console.error('portside: failed to start', err);
    app.exit(1);
  });
} else {
  // Another Portside owns the lock; it received 'second-instance' and shows its window.
  app.quit();
}
