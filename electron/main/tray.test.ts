/**
 * The Electron tray adapter under a fake Electron module (as main.test.ts does: the binary cannot
 * run here), with a fake engine: icon by health, menu from the model, clicks reach the engine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type ProfileView,
  type RuleView,
  type Settings,
} from '../../shared/model.ts';
import { until } from '../../testing/wait.ts';
import type { MenuItemConstructorOptions } from 'electron';

const STATS = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const rule = (state: RuleView['state'], enabled = true): RuleView => ({
  id: 'a',
  name: 'api',
  direction: 'L',
  spec: '8080:api:80',
  enabled,
  state,
  stats: STATS,
});

function fakeElectron(trayWorks = true) {
  const trays: FakeTray[] = [];
  const notes: { title: string; body: string }[] = [];
  class FakeTray {
    image: string;
    menu: MenuItemConstructorOptions[] = [];
    tooltip = '';
    constructor(image: { path: string }) {
      if (!trayWorks) throw new Error('no status area');
      this.image = image.path;
      trays.push(this);
    }
    setImage(image: { path: string }) {
      this.image = image.path;
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
      this.menu = menu.template;
    }
    on() {}
    destroy() {}
  }
  class Notification {
    static isSupported = () => true;
    constructor(readonly o: { title: string; body: string }) {}
    on() {}
    show() {
      notes.push(this.o);
    }
  }
  const module = {
    Tray: FakeTray,
    Notification,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
  };
  return { module, trays, notes };
}

function fakeEngine() {
  let rules: RuleView[] = [rule('listening')];
  const listeners = new Set<(r: RuleView[]) => void>();
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const engine = {
    listRules: () => rules,
    onRulesChanged: (l: (r: RuleView[]) => void) => (listeners.add(l), () => listeners.delete(l)),
    setEnabled: vi.fn(async (_id: string, enabled: boolean) => rule('listening', enabled)),
    setEnabledMany: vi.fn(async () => []),
    profiles: {
      list: (): ProfileView[] => [],
      onChanged: () => () => {},
      start: vi.fn(),
      stop: vi.fn(),
    },
    settings: {
      get: () => settings,
      set: (p: Partial<Settings>) => (settings = { ...settings, ...p }),
      onChanged: () => () => {},
    },
  };
  const emit = (next: RuleView[]) => {
    rules = next;
    for (const l of listeners) l(next);
  };
  return { engine, emit };
}

async function setup(trayWorks = true) {
  const electron = fakeElectron(trayWorks);
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  const { setupTray } = await import('./tray.ts');
  const { engine, emit } = fakeEngine();
  const window = { open: vi.fn(), current: vi.fn(() => undefined), focus: vi.fn() };
  const handle = setupTray({
    app: { quit: vi.fn(), isPackaged: false, getAppPath: () => '/src/portside' },
    window,
    engine: engine as never,
    emit: vi.fn(),
    platform: 'linux',
    log: () => {},
  });
  return { electron, engine, emit, handle, window };
}

afterEach(() => {
  vi.doUnmock('electron');
});

describe('setupTray (fake Electron)', () => {
  it('shows health as the icon and the rules as the menu; a click is the engine’s setEnabled', async () => {
    const { electron, engine, emit, handle } = await setup();
    const [tray] = electron.trays;
    expect(tray?.image).toBe('/src/portside/assets/tray/tray-ok.png');
    expect(tray?.tooltip).toBe('Portside — 1 of 1 rule on');
    emit([rule('failed')]);
    await until(() => tray?.image.endsWith('tray-failed.png'), 'the failed icon');
    const item = tray?.menu.find((i) => i.type === 'checkbox');
    expect(item).toMatchObject({ label: '✕ api  -L 8080:api:80  (failed)', checked: true });
    item?.click?.(undefined as never, undefined, undefined as never);
    await until(() => engine.setEnabled.mock.calls.length > 0, 'the toggle');
    expect(engine.setEnabled).toHaveBeenCalledWith('a', false);
    handle.dispose();
  });

  it('closing the window keeps running with a one-time hint; no tray means closing quits', async () => {
    const withTray = await setup();
    expect(withTray.handle.keepRunning()).toBe(true);
    expect(withTray.handle.keepRunning()).toBe(true);
    expect(withTray.electron.notes.map((n) => n.title)).toEqual(['Portside is still running']);
    withTray.handle.dispose();
    const without = await setup(false);
    expect(without.electron.trays).toEqual([]);
    expect(without.handle.keepRunning()).toBe(false);
  });
});
