/**
 * The system tray: an icon showing overall health and a menu with a toggle per rule (model:
 * tray-model.ts). Follows engine changes, debounced. Closing the window keeps Portside here.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type App } from 'electron';
import type { EventEmitterFn } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';
import type { Engine } from '../engine/api/engine.ts';
import { setupNotifications, showOsNotification } from './notifications.ts';
import { runTrayAction } from './tray-actions.ts';
import { keepRunningOnClose } from './tray-close.ts';
import { trayIconDir, trayIconFile } from './tray-icons.ts';
import { buildTrayModel, type TrayHealth, type TrayModel } from './tray-model.ts';
import { toMenuTemplate } from './tray-template.ts';
import { createTrayUpdater, realTimers } from './tray-updater.ts';
import type { MainWindow } from './window.ts';

/** Menu rebuilds at most this often; a state change shows within it. */
const TRAY_DELAY_MS = 250;

export interface TrayDeps {
  app: Pick<App, 'quit' | 'isPackaged' | 'getAppPath'>;
  window: MainWindow;
  engine: Engine;
  emit: EventEmitterFn;
  platform: NodeJS.Platform;
  log(message: string): void;
}

export interface TrayHandle {
  /** For the lifecycle: keep running when the last window closes? */
  keepRunning(): boolean;
  dispose(): void;
}

function createTray(deps: TrayDeps): { tray: Tray; render(m: TrayModel): void } {
  const dir = trayIconDir(deps.app, process.resourcesPath);
  const image = (h: TrayHealth) =>
    nativeImage.createFromPath(join(dir, trayIconFile(h, deps.platform)));
  const tray = new Tray(image('ok'));
  let health: TrayHealth = 'ok';
  const actionDeps = {
    engine: deps.engine,
    open: () => deps.window.focus(),
    quit: () => deps.app.quit(),
    log: deps.log,
  };
  return {
    tray,
    render(m) {
      if (m.health !== health) tray.setImage(image(m.health));
      health = m.health;
      tray.setToolTip(m.tooltip);
      tray.setContextMenu(
        Menu.buildFromTemplate(toMenuTemplate(m.items, (a) => void runTrayAction(a, actionDeps))),
      );
    },
  };
}

/** Creates the tray and the notifications; without a tray (no status area) closing quits as before. */
export function setupTray(deps: TrayDeps): TrayHandle {
  const stopNotifications = setupNotifications(deps.engine, deps.window, deps.emit, deps.log);
  let made: ReturnType<typeof createTray> | undefined;
  try {
    made = createTray(deps);
  } catch (e) {
    deps.log(`no tray icon: ${errorText(e)}`);
  }
  const { engine } = deps;
  const updater = made
    ? createTrayUpdater({
        read: () => buildTrayModel(engine.listRules(), engine.profiles.list()),
        render: made.render,
        timers: realTimers,
        delayMs: TRAY_DELAY_MS,
      })
    : undefined;
  updater?.flush();
  const offs = [
    engine.onRulesChanged(() => updater?.changed()),
    engine.profiles.onChanged(() => updater?.changed()),
  ];
  // Windows users expect a click on the icon to open the app; elsewhere a click opens the menu.
  if (deps.platform === 'win32') made?.tray.on('click', () => deps.window.focus());
  return {
    keepRunning: () =>
      keepRunningOnClose({
        settings: engine.settings,
        hasTray: () => made !== undefined,
        hint: (t, b) => showOsNotification(t, b),
      }),
    dispose() {
      for (const off of offs) off();
      stopNotifications();
      updater?.dispose();
      made?.tray.destroy();
    },
  };
}
