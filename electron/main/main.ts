/**
 * Electron entry (built to dist-electron/main.js). A thin bootstrap: each module has one
 * `setupX()` and owns its part. Logic that can live without Electron lives in plain modules.
 */
import { app, ipcMain, nativeTheme, screen, session } from 'electron';
import { setupEngine } from './engine-host.ts';
import { setupIpc } from './ipc.ts';
import { claimSingleInstance, setupLifecycle } from './lifecycle.ts';
import { applyUserDataOverride, resolveAppPaths } from './paths.ts';
import { setupSecurity } from './security.ts';
import { setupTheme } from './theme.ts';
import { setupTray } from './tray.ts';
import { setupWindow } from './window.ts';
import { windowStateStore } from './window-state.ts';

const log = (message: string): void => console.warn(`portside: ${message}`);

async function start(): Promise<void> {
  const paths = resolveAppPaths(app.getAppPath());
  await app.whenReady();
  setupSecurity(app, session.defaultSession, paths.pageUrl);
  const userData = app.getPath('userData');
  const host = setupEngine(app.getVersion(), userData);
  const ipc = setupIpc({ ipcMain, handlers: host.handlers, pageUrl: paths.pageUrl, log });
  host.bindEvents(ipc.emit);
  const window = setupWindow(paths, ipc, log, {
    state: windowStateStore(userData, log),
    workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
    dark: () => nativeTheme.shouldUseDarkColors,
  });
  setupTheme(nativeTheme, host.engine.settings, (dark) => window.recolor(dark));
  // Tray, OS notifications, and "closing the window keeps Portside running" (tray.ts).
  const tray = setupTray({
    app,
    window,
    engine: host.engine,
    emit: ipc.emit,
    platform: process.platform,
    log,
  });
  setupLifecycle(app, {
    window,
    shutdown: () => host.engine.dispose(),
    platform: process.platform,
    log,
    keepRunning: tray.keepRunning,
  });
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
