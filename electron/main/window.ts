/** The main window: hardened web preferences, our page only, wired to the IPC host. */
import { BrowserWindow } from 'electron';
import type { IpcHost } from './ipc.ts';
import type { AppPaths } from './paths.ts';
import { errorText } from '../../shared/errors.ts';

export interface MainWindow {
  /** Opens the window (or returns the open one). */
  open(): BrowserWindow;
  current(): BrowserWindow | undefined;
  /** Brings the window to the front, opening it if needed (second instance, tray). */
  focus(): void;
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

/** Manages the single main window. `log` receives load failures (e.g. UI not built). */
export function setupWindow(paths: AppPaths, ipc: IpcHost, log: (m: string) => void): MainWindow {
  let win: BrowserWindow | undefined;
  const open = (): BrowserWindow => {
    if (win && !win.isDestroyed()) return win;
    // Written inline (not built by a helper) so electronegativity's static checks can read it.
    // Security preferences are explicit even where they match Electron's defaults.
    const created = new BrowserWindow({
      title: 'Portside',
      width: 1180,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      show: false,
      backgroundColor: '#0f172a',
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
    created.once('ready-to-show', () => created.show());
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
    focus() {
      const w = open();
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
    },
  };
}
