import { describe, expect, it, vi } from 'vitest';
import type { RuleView } from '../../shared/model.ts';
import { runTrayAction, type TrayActionDeps } from './tray-actions.ts';
import { trayIconDir, trayIconFile } from './tray-icons.ts';
import { buildTrayModel } from './tray-model.ts';
import { toMenuTemplate } from './tray-template.ts';

const STATS = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const rule = (id: string, enabled: boolean): RuleView => ({
  id,
  name: id,
  direction: 'L',
  spec: '8080:api:80',
  enabled,
  state: enabled ? 'listening' : 'stopped',
  stats: STATS,
});

function deps(rules: RuleView[]) {
  const d = {
    engine: {
      listRules: () => rules,
      setEnabled: vi.fn((id: string, enabled: boolean) =>
        Promise.resolve({ ...rule(id, enabled) }),
      ),
      setEnabledMany: vi.fn(() => Promise.resolve([])),
      profiles: {
        start: vi.fn(() => Promise.reject(new Error('no profile named "x"'))),
        stop: vi.fn(),
      },
    },
    open: vi.fn(),
    quit: vi.fn(),
    log: vi.fn(),
  };
  return d as typeof d & TrayActionDeps;
}

describe('tray actions', () => {
  it('a rule checkbox click is the engine’s setEnabled, as the window’s toggle', async () => {
    const d = deps([rule('a', false)]);
    const template = toMenuTemplate(
      buildTrayModel(d.engine.listRules(), []).items,
      (a) => void runTrayAction(a, d),
    );
    const item = template.find((t) => t.type === 'checkbox');
    expect(item).toMatchObject({ label: '○ a  -L 8080:api:80', checked: false });
    item?.click?.(undefined as never, undefined, undefined as never);
    await vi.waitFor(() => expect(d.engine.setEnabled).toHaveBeenCalledWith('a', true));
  });

  it('Start all starts only the stopped rules; Stop all stops the running ones', async () => {
    const d = deps([rule('a', true), rule('b', false), rule('c', false)]);
    await runTrayAction({ type: 'start-all' }, d);
    await runTrayAction({ type: 'stop-all' }, d);
    expect(d.engine.setEnabledMany.mock.calls).toEqual([
      [['b', 'c'], true],
      [['a'], false],
    ]);
  });

  it('a failing action is logged, never thrown; open and quit reach the app', async () => {
    const d = deps([]);
    await runTrayAction({ type: 'start-profile', name: 'x' }, d);
    expect(d.log).toHaveBeenCalledWith('tray: start-profile: no profile named "x"');
    await runTrayAction({ type: 'open' }, d);
    await runTrayAction({ type: 'quit' }, d);
    expect([d.open.mock.calls.length, d.quit.mock.calls.length]).toEqual([1, 1]);
  });

  it('menu template: labels disabled, profiles as submenus, separators kept', () => {
    const template = toMenuTemplate(
      [
        { kind: 'label', label: 'shop' },
        { kind: 'separator' },
        { kind: 'submenu', label: 'front', items: [{ kind: 'label', label: 'x' }] },
      ],
      () => {},
    );
    expect(template).toEqual([
      { label: 'shop', enabled: false },
      { type: 'separator' },
      { label: 'front', submenu: [{ label: 'x', enabled: false }] },
    ]);
  });
});

describe('tray icons', () => {
  it.each([
    ['ok', 'linux', 'tray-ok.png'],
    ['failed', 'win32', 'tray-failed.png'],
    ['ok', 'darwin', 'trayTemplate.png'],
    ['reconnecting', 'darwin', 'tray-reconnectingTemplate.png'],
  ] as const)(
    '%s on %s → %s, a file that exists in assets/tray',
    async (health, platform, file) => {
      expect(trayIconFile(health, platform)).toBe(file);
      const { access } = await import('node:fs/promises');
      await access(new URL(`../../assets/tray/${file}`, import.meta.url));
    },
  );

  it('packaged: next to the asar (extraResources); development: the checkout', () => {
    expect(
      trayIconDir(
        { isPackaged: true, getAppPath: () => '/opt/P/resources/app.asar' },
        '/opt/P/resources',
      ),
    ).toBe('/opt/P/resources/tray');
    expect(trayIconDir({ isPackaged: false, getAppPath: () => '/src/portside' }, '/x')).toBe(
      '/src/portside/assets/tray',
    );
  });
});
