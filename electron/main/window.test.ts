import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAppPaths } from './paths.ts';
import { setupIpc } from './ipc.ts';
import {
  eventFrom,
  fakeHandlers,
  fakeIpcMain,
  sampleRule,
  type FakeContents,
} from './ipc-fakes.ts';

const created = vi.hoisted(() => [] as FakeWindow[]);
const loading = vi.hoisted(() => ({ error: undefined as Error | undefined }));
interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown>; show: boolean };
  webContents: FakeContents & EventEmitter;
  loadFile: ReturnType<typeof vi.fn>;
}

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    options: unknown;
    destroyed = false;
    webContents: unknown;
    loadFile = vi.fn(async () => {
      if (loading.error) throw loading.error;
    });
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    bounds = { x: 0, y: 0, width: 1180, height: 760 };
    getNormalBounds = () => this.bounds;
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => this.destroyed;
    constructor(options: unknown) {
      super();
      this.options = options;
      const contents = Object.assign(new EventEmitter(), {
        mainFrame: { url: '' },
        send: vi.fn(),
        isDestroyed: () => this.destroyed,
      });
      this.webContents = contents;
      created.push(this as unknown as FakeWindow);
    }
  }
  return { BrowserWindow };
});

const { setupWindow, PLACEMENT_SAVE_MS } = await import('./window.ts');
const paths = resolveAppPaths('/opt/Portside/resources/app.asar');

function openWindow() {
  const ipcMain = fakeIpcMain();
  const ipc = setupIpc({ ipcMain, handlers: fakeHandlers(), pageUrl: paths.pageUrl });
  const logs: string[] = [];
  const main = setupWindow(paths, ipc, (m) => logs.push(m));
  main.open();
  const win = created.at(-1)!;
  win.webContents.mainFrame.url = paths.pageUrl;
  return { ipcMain, ipc, main, win, logs };
}

beforeEach(() => {
  created.length = 0;
});

describe('setupWindow', () => {
  it('creates one hardened window loading our built page with our preload', () => {
    const { main, win } = openWindow();
    expect(win.options.webPreferences).toEqual({
      preload: '/opt/Portside/resources/app.asar/dist-electron/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
    expect(win.options.show).toBe(false);
    expect(paths.preload).toBe('/opt/Portside/resources/app.asar/dist-electron/preload.cjs');
    expect(win.loadFile).toHaveBeenCalledWith(
      '/opt/Portside/resources/app.asar/dist/renderer/index.html',
    );
    expect(main.open()).toBe(win);
    expect(created).toHaveLength(1);
  });

  it('a reload of the main frame queues events again until the new page is ready', async () => {
    const { ipcMain, ipc, win } = openWindow();
    await ipcMain.invoke('app:ready', eventFrom(win.webContents));
    win.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    ipc.emit('rules:changed', [sampleRule]);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    ipc.emit('rules:changed', []);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
    await ipcMain.invoke('app:ready', eventFrom(win.webContents));
    expect(win.webContents.send).toHaveBeenLastCalledWith('rules:changed', []);
  });

  it('once its contents are destroyed, their calls are refused', async () => {
    const { ipcMain, win } = openWindow();
    win.webContents.emit('destroyed');
    const result = await ipcMain.invoke('app:info', eventFrom(win.webContents));
    expect(result).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
  });

  it('opens a new window once the old one is destroyed (macOS activate, tray)', () => {
    const { main, win } = openWindow();
    (win as unknown as { destroyed: boolean }).destroyed = true;
    expect(main.current()).toBeUndefined();
    expect(main.open()).not.toBe(win);
    expect(created).toHaveLength(2);
  });

  it('reports a page that cannot load instead of crashing', async () => {
    loading.error = new Error('ERR_FILE_NOT_FOUND');
    try {
      const { logs } = openWindow();
      await vi.waitFor(() => expect(logs.join()).toContain('ERR_FILE_NOT_FOUND'));
    } finally {
      loading.error = undefined;
    }
  });

  it('remembers where the window is after a move settles and when it closes', () => {
    vi.useFakeTimers();
    try {
      const saved: Array<[unknown, boolean]> = [];
      const state = { load: () => undefined, save: (b: unknown, m: boolean) => saved.push([b, m]) };
      const ipc = setupIpc({
        ipcMain: fakeIpcMain(),
        handlers: fakeHandlers(),
        pageUrl: paths.pageUrl,
      });
      setupWindow(paths, ipc, () => undefined, { state }).open();
      const win = created.at(-1)! as FakeWindow & { bounds: unknown };
      win.bounds = { x: 5, y: 6, width: 800, height: 600 };
      win.emit('move');
      win.emit('resize');
      expect(saved).toEqual([]);
      vi.advanceTimersByTime(PLACEMENT_SAVE_MS);
      expect(saved).toEqual([[{ x: 5, y: 6, width: 800, height: 600 }, false]]);
      win.emit('close');
      expect(saved).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
