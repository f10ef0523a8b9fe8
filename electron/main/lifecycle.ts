/** App lifecycle: one instance, quit rules, and an orderly engine shutdown. */
import type { App } from 'electron';
import type { MainWindow } from './window.ts';
import { errorText } from '../../shared/errors.ts';

type AppLike = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>;

/** True when this process is the only Portside; otherwise it must quit at once. */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock'>): boolean {
  return app.requestSingleInstanceLock();
}

export interface LifecycleDeps {
  window: MainWindow;
  /** Stops every rule and closes every listener; awaited before the process exits. */
  shutdown(): Promise<void>;
  platform: NodeJS.Platform;
  log: (message: string) => void;
  /** Asked when the last window closes: true keeps the app running (in the tray). */
  keepRunning?: () => boolean;
}

/**
 * Wires the app events. Closing the last window quits unless `keepRunning` says the tray holds
 * the app (and never on macOS, where apps stay in the dock and `activate` reopens the window).
 */
export function setupLifecycle(app: AppLike, deps: LifecycleDeps): void {
  app.on('second-instance', () => deps.window.focus());
  app.on('activate', () => deps.window.open());
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin' && deps.keepRunning?.() !== true) app.quit();
  });
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    // Hold the quit until listeners are closed and agents told to leave, then quit for real.
    event.preventDefault();
    deps
      .shutdown()
      .catch((err: unknown) => deps.log(`shutdown: ${errorText(err)}`))
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });
}
