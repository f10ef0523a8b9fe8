/** The main window: hardened web preferences, our page only, wired to the IPC host. */
import { BrowserWindow } from 'electron';
import type { IpcHost } from './ipc.ts';
import type { AppPaths } from './paths.ts';
import { errorText } from '../../shared/errors.ts';
import { windowBackground } from './theme.ts';
import { placement, type Rect, type WindowStateStore } from './window-state.ts';

export interface MainWindow {
  /** Opens the window (or returns the open one). */
  open(): BrowserWindow;
  current(): BrowserWindow | undefined;
  /** Brings the window to the front, opening it if needed (second instance, tray). */
  focus(): void;
}

/** What the bootstrap holds beyond what the tray and lifecycle see. */
export interface MainWindowHost extends MainWindow {
  /** The theme switched: the background behind the page follows. */
  recolor(dark: boolean): void;
}

function watchPage(win: BrowserWindow, ipc: IpcHost): void {
  const attachment = ipc.attach(win.webContents);
  // A new document in the main frame (reload, crash recovery) has no listeners yet.
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) attachment.pageReset();
  });
  win.webContents.on('render-process-gone', () => attachment.pageReset());
  win.webContents.once('destroyed', () => attachment.detach());
}

export interface WindowLook {
  /** Where the window was last time; saved again when it closes. */
  state?: WindowStateStore;
  /** Work areas of the displays now (a saved position no display shows is dropped). */
  workAreas?: () => Rect[];
  /** The OS (or the user's setting) asks for dark colours. */
  dark?: () => boolean;
}

/** Quiet time after a move or resize before the placement is written (a drag is many events). */
export const PLACEMENT_SAVE_MS = 1000;

function remember(win: BrowserWindow, state: WindowStateStore | undefined): void {
  if (!state) return;
  // Normal bounds: a maximized window reopens maximized over the size it had before.
  const save = (): void => state.save(win.getNormalBounds(), win.isMaximized());
  // Also saved after moves, so a crash (no 'close') still reopens the window where it was.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => !win.isDestroyed() && save(), PLACEMENT_SAVE_MS);
    timer.unref();
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

/** Manages the single main window. `log` receives load failures (e.g. UI not built). */
export function setupWindow(
  paths: AppPaths,
  ipc: IpcHost,
  log: (m: string) => void,
  look: WindowLook = {},
): MainWindowHost {
  let win: BrowserWindow | undefined;
  const open = (): BrowserWindow => {
    if (win && !win.isDestroyed()) return win;
    const { maximized, ...place } = placement(look.state?.load(), look.workAreas?.() ?? []);
    // Written inline (not built by a helper) so electronegativity's static checks can read it.
    // Security preferences are explicit even where they match Electron's defaults.
    const created = new BrowserWindow({
      title: 'Portside',
      width: 1180,
      height: 760,
      ...place,
      minWidth: 720,
      minHeight: 480,
      show: false,
      backgroundColor: windowBackground(look.dark?.() ?? true),
      webPreferences: {
        preload: paths.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        // Middle-click would try to open links in new windows; denied anyway, refused earlier here.
        disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
      },
    });
    win = created;
    watchPage(created, ipc);
    remember(created, look.state);
    created.once('ready-to-show', () => {
      if (maximized) created.maximize();
      created.show();
    });
    created.on('closed', () => {
      if (win === created) win = undefined;
    });
    created.loadFile(paths.page).catch((err: unknown) => {
      log(`could not load ${paths.page}: ${errorText(err)}`);
    });
    return created;
  };
  return {
    open,
    current: () => (win && !win.isDestroyed() ? win : undefined),
    recolor(dark) {
      if (win && !win.isDestroyed()) win.setBackgroundColor(windowBackground(dark));
    },
    focus() {
      const w = open();
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
    },
  };
}
