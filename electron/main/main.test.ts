/**
 * The bootstrap under a fake Electron, with the real engine and the real IPC wrapper: what a
 * renderer would see through the preload, minus the binary we cannot run here.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { eventFrom, fakeIpcMain, type FakeContents } from './ipc-fakes.ts';

type FakeWebContents = FakeContents & EventEmitter & { setWindowOpenHandler: Mock };
interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown>; x?: number; width?: number };
  bounds: { x: number; y: number; width: number; height: number };
  setBackgroundColor: Mock;
  webContents: FakeWebContents;
  loadFile: Mock;
}

const userDirs: string[] = [];
afterAll(() => {
  for (const d of userDirs) rmSync(d, { recursive: true, force: true });
});
const newUserData = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'portside-userdata-'));
  userDirs.push(d);
  return d;
};

function fakeElectron(lock: boolean, userData: string) {
  const app = Object.assign(new EventEmitter(), {
    whenReady: vi.fn(async () => undefined),
    getAppPath: vi.fn(() => '/opt/portside'),
    getPath: vi.fn((name: string) => (name === 'userData' ? userData : '/nonexistent')),
    isPackaged: false,
    getVersion: vi.fn(() => '9.9.9'),
    setPath: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => lock),
  });
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  const ipcMain = fakeIpcMain();
  const windows: FakeWindow[] = [];
  class BrowserWindow extends EventEmitter {
    webContents = Object.assign(new EventEmitter(), {
      mainFrame: { url: 'file:///opt/portside/dist/renderer/index.html' },
      send: vi.fn(),
      isDestroyed: () => false,
      setWindowOpenHandler: vi.fn(),
    });
    loadFile = vi.fn(async () => undefined);
    isDestroyed = () => false;
    bounds = { x: 40, y: 30, width: 1180, height: 760 };
    getNormalBounds = () => this.bounds;
    isMaximized = () => false;
    setBackgroundColor = vi.fn();
    maximize = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    constructor(readonly options: FakeWindow['options']) {
      super();
      windows.push(this as unknown as FakeWindow);
      app.emit('web-contents-created', {}, this.webContents);
    }
  }
  const nativeTheme = Object.assign(new EventEmitter(), {
    themeSource: 'system',
    shouldUseDarkColors: false,
  });
  const screen = {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  };
  // Enough of a tray for the bootstrap to wire one (tray behaviour is tested in tray tests).
  class Tray extends EventEmitter {
    setImage = vi.fn();
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    destroy = vi.fn();
  }
  const Menu = { buildFromTemplate: vi.fn(() => ({})) };
  const nativeImage = { createFromPath: vi.fn(() => ({ isEmpty: () => false })) };
  const Notification = Object.assign(vi.fn(), { isSupported: () => false });
  const module = {
    app,
    ipcMain,
    session: { defaultSession: session },
    BrowserWindow,
    nativeTheme,
    screen,
    Tray,
    Menu,
    nativeImage,
    Notification,
  };
  return { app, ipcMain, session, windows, module, nativeTheme };
}

let current: ReturnType<typeof fakeElectron> | undefined;

async function boot(lock = true, userData = newUserData()) {
  const f = fakeElectron(lock, userData);
  current = f;
  vi.resetModules();
  vi.doMock('electron', () => f.module);
  await import('./main.ts');
  if (lock) await vi.waitFor(() => expect(f.windows).toHaveLength(1));
  return f;
}

/** Quits through the app's own path so the engine is disposed and its state written. */
async function quit(f: ReturnType<typeof fakeElectron>): Promise<void> {
  f.app.emit('will-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(f.app.quit).toHaveBeenCalled());
}

afterEach(async () => {
  await quit(current!);
  vi.doUnmock('electron');
});

describe('main bootstrap', () => {
  it('a second instance quits without opening a window or serving IPC', async () => {
    const f = await boot(false);
    expect(f.app.quit).toHaveBeenCalled();
    await Promise.resolve();
    expect(f.windows).toHaveLength(0);
    expect(f.ipcMain.listeners.size).toBe(0);
  });

  it('opens one hardened window on our page and locks the session down', async () => {
    const f = await boot();
    const [win] = f.windows;
    expect(win!.options.webPreferences).toMatchObject({
      preload: '/opt/portside/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(win!.loadFile).toHaveBeenCalledWith('/opt/portside/dist/renderer/index.html');
    expect(win!.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(f.session.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('serves the contract from the real engine; rules:changed waits for app:ready', async () => {
    const f = await boot();
    const contents = f.windows[0]!.webContents;
    const info = await f.ipcMain.invoke('app:info', eventFrom(contents));
    expect(info).toEqual({
      ok: true,
      value: { version: '9.9.9', host: 'electron', stateDir: expect.any(String) },
    });

    const input = { direction: 'L', spec: '18080:web:80', enabled: false };
    const added = (await f.ipcMain.invoke('rules:add', eventFrom(contents), input)) as {
      ok: boolean;
      value: { id: string; spec: string };
    };
    expect(added).toMatchObject({ ok: true, value: { spec: '18080:web:80' } });
    expect(contents.send).not.toHaveBeenCalled();

    await f.ipcMain.invoke('app:ready', eventFrom(contents));
    expect(contents.send).toHaveBeenCalledWith('rules:changed', [
      expect.objectContaining({ id: added.value.id, spec: '18080:web:80' }),
    ]);
  });

  it('refuses a call from a sub-frame before the engine sees it', async () => {
    const f = await boot();
    const contents = f.windows[0]!.webContents;
    const input = { direction: 'L', spec: '18081:web:80', enabled: false };
    const result = await f.ipcMain.invoke(
      'rules:add',
      eventFrom(contents, { url: contents.mainFrame.url }),
      input,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    const list = await f.ipcMain.invoke('rules:list', eventFrom(contents));
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('keeps rules in userData: after a quit and a new launch they are back', async () => {
    const userData = newUserData();
    const first = await boot(true, userData);
    const contents = first.windows[0]!.webContents;
    const input = { direction: 'L', spec: '18082:web:80', enabled: false, name: 'kept' };
    await first.ipcMain.invoke('rules:add', eventFrom(contents), input);
    await quit(first);

    const second = await boot(true, userData);
    const list = await second.ipcMain.invoke(
      'rules:list',
      eventFrom(second.windows[0]!.webContents),
    );
    expect(list).toMatchObject({ ok: true, value: [{ name: 'kept', spec: '18082:web:80' }] });
  });

  it('reopens the window where it was closed, and follows the theme', async () => {
    const userData = newUserData();
    const first = await boot(true, userData);
    const win = first.windows[0]!;
    expect(first.nativeTheme.themeSource).toBe('system');
    win.bounds = { x: 200, y: 100, width: 900, height: 600 };
    win.emit('close');
    first.nativeTheme.shouldUseDarkColors = true;
    first.nativeTheme.emit('updated');
    expect(win.setBackgroundColor).toHaveBeenCalledWith('#0f172a');
    await quit(first);

    const second = await boot(true, userData);
    expect(second.windows[0]!.options).toMatchObject({ x: 200, y: 100, width: 900, height: 600 });
    const contents = second.windows[0]!.webContents;
    await second.ipcMain.invoke('settings:set', eventFrom(contents), { theme: 'dark' });
    expect(second.nativeTheme.themeSource).toBe('dark');
  });
});
