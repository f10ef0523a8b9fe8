import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, setupLifecycle, type LifecycleDeps } from './lifecycle.ts';

function fakeApp() {
  return Object.assign(new EventEmitter(), {
    quit: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
  });
}

function setup(
  platform: NodeJS.Platform = 'linux',
  shutdown: () => Promise<void> = vi.fn(async () => undefined),
) {
  const app = fakeApp();
  const window = { open: vi.fn(), current: vi.fn(), focus: vi.fn() };
  const logs: string[] = [];
  const deps: LifecycleDeps = {
    window: window as unknown as LifecycleDeps['window'],
    shutdown,
    platform,
    log: (m) => logs.push(m),
  };
  setupLifecycle(app as unknown as Parameters<typeof setupLifecycle>[0], deps);
  return { app, window, shutdown, logs };
}

function willQuit(app: EventEmitter) {
  const event = { preventDefault: vi.fn() };
  app.emit('will-quit', event);
  return event;
}

describe('claimSingleInstance', () => {
  it('reports whether this process got the lock', () => {
    const app = fakeApp();
    expect(claimSingleInstance(app)).toBe(true);
    app.requestSingleInstanceLock.mockReturnValue(false);
    expect(claimSingleInstance(app)).toBe(false);
  });
});

describe('setupLifecycle', () => {
  it('a second instance focuses the existing window', () => {
    const { app, window } = setup();
    app.emit('second-instance', {}, ['portside'], '/');
    expect(window.focus).toHaveBeenCalledTimes(1);
  });

  it('closing the last window quits, except on macOS', () => {
    const linux = setup('linux');
    linux.app.emit('window-all-closed');
    expect(linux.app.quit).toHaveBeenCalled();
    const mac = setup('darwin');
    mac.app.emit('window-all-closed');
    expect(mac.app.quit).not.toHaveBeenCalled();
    mac.app.emit('activate');
    expect(mac.window.open).toHaveBeenCalled();
  });

  it('closing the last window keeps running when the tray says so', () => {
    const app = fakeApp();
    const window = { open: vi.fn(), current: vi.fn(), focus: vi.fn() };
    let keep = true;
    setupLifecycle(app as unknown as Parameters<typeof setupLifecycle>[0], {
      window: window as unknown as LifecycleDeps['window'],
      shutdown: vi.fn(async () => undefined),
      platform: 'win32',
      log: () => {},
      keepRunning: () => keep,
    });
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
    keep = false;
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
  });

  it('holds the quit until the engine has shut down, then quits for real', async () => {
    let finish!: () => void;
    const shutdown = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const { app } = setup('linux', shutdown);
    const first = willQuit(app);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(willQuit(app).preventDefault).not.toHaveBeenCalled();
  });

  it('still quits when shutdown fails, and says why', async () => {
    const { app, logs } = setup(
      'linux',
      vi.fn(async () => Promise.reject(new Error('boom'))),
    );
    willQuit(app);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(logs).toEqual(['shutdown: boom']);
  });
});
