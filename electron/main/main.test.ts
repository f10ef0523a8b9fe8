/**
 * The bootstrap under a fake Electron, with the real engine and the real IPC wrapper: what a
 * renderer would see through the preload, minus the binary we cannot run here.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { eventFrom, fakeIpcMain, type FakeContents } from './ipc-fakes.ts';

type FakeWebContents = FakeContents & EventEmitter & { setWindowOpenHandler: Mock };
interface FakeWindow {
  options: { webPreferences: Record<string, unknown> };
  webContents: FakeWebContents;
  loadFile: Mock;
}

function fakeElectron(lock: boolean) {
  const app = Object.assign(new EventEmitter(), {
    whenReady: vi.fn(async () => undefined),
    getAppPath: vi.fn(() => '/opt/portside'),
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
    constructor(readonly options: FakeWindow['options']) {
      super();
      windows.push(this as unknown as FakeWindow);
      app.emit('web-contents-created', {}, this.webContents);
    }
  }
  const module = { app, ipcMain, session: { defaultSession: session }, BrowserWindow };
  return { app, ipcMain, session, windows, module };
}

let current: ReturnType<typeof fakeElectron> | undefined;

async function boot(lock = true) {
  const f = fakeElectron(lock);
  current = f;
  vi.resetModules();
  vi.doMock('electron', () => f.module);
  await import('./main.ts');
  if (lock) await vi.waitFor(() => expect(f.windows).toHaveLength(1));
  return f;
}

afterEach(async () => {
  // Quit through the app's own path so the engine is disposed and nothing outlives the test.
  const f = current!;
  f.app.emit('will-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(f.app.quit).toHaveBeenCalled());
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
    expect(info).toEqual({ ok: true, value: { version: '9.9.9', host: 'electron' } });

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
});
