import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type RuleView, type Settings } from '../../shared/model.ts';
import type { RuleNotification } from '../../shared/notify-policy.ts';
import { startNotificationFeed } from './notifications-feed.ts';
import { keepRunningOnClose, TRAY_HINT } from './tray-close.ts';

const STATS = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const rule = (state: RuleView['state']): RuleView => ({
  id: 'a',
  name: 'api',
  direction: 'L',
  spec: '8080:api:80',
  enabled: true,
  state,
  stats: STATS,
});

function settingsOf(initial: Settings) {
  let s = initial;
  return {
    get: () => s,
    set: (p: Partial<Settings>) => (s = { ...s, ...p }),
  };
}

function world(settings: Settings = DEFAULT_SETTINGS) {
  let listener: ((r: RuleView[]) => void) | undefined;
  const shown: RuleNotification[] = [];
  const clicks: (() => void)[] = [];
  const opened: string[] = [];
  let focused = false;
  const logs: string[] = [];
  const stop = startNotificationFeed({
    engine: {
      listRules: () => [rule('listening')],
      onRulesChanged: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
      settings: { ...settingsOf(settings), onChanged: () => () => {} },
    },
    focused: () => focused,
    show: (n, onClick) => {
      shown.push(n);
      clicks.push(onClick);
    },
    openRule: (id) => opened.push(id),
    now: () => 0,
    log: (m) => logs.push(m),
  });
  return {
    emit: (s: RuleView['state']) => listener?.([rule(s)]),
    focus: (f: boolean) => (focused = f),
    shown,
    clicks,
    opened,
    stop,
    subscribed: () => listener !== undefined,
    logs,
  };
}

describe('notification feed', () => {
  it('a drop that ends in failure notifies once; clicking it opens the rule', () => {
    const w = world();
    w.emit('reconnecting');
    w.emit('failed');
    expect(w.shown.map((n) => [n.kind, n.body])).toEqual([
      ['gave-up', 'api (-L 8080:api:80) stopped reconnecting'],
    ]);
    w.clicks[0]?.();
    expect(w.opened).toEqual(['a']);
  });

  it('nothing while the window is focused or when notifications are off; stop unsubscribes', () => {
    const w = world();
    w.focus(true);
    w.emit('failed');
    expect(w.shown).toEqual([]);
    const off = world({ ...DEFAULT_SETTINGS, notifications: false });
    off.emit('failed');
    expect(off.shown).toEqual([]);
    w.stop();
    expect(w.subscribed()).toBe(false);
  });
});

describe('notification feed failures', () => {
  it('a failing notification is logged, never thrown into the engine', () => {
    const w = world();
    w.focus(true);
    const broken = () => {
      throw new Error('no notification server');
    };
    w.focus(false);
    w.shown.push = broken;
    expect(() => w.emit('failed')).not.toThrow();
    expect(w.logs).toEqual(['notifications: no notification server']);
  });
});

describe('closing the last window', () => {
  it('keeps running in the tray by default and hints once', () => {
    const settings = settingsOf(DEFAULT_SETTINGS);
    const hints: string[] = [];
    const deps = { settings, hasTray: () => true, hint: (t: string) => hints.push(t) };
    expect(keepRunningOnClose(deps)).toBe(true);
    expect(keepRunningOnClose(deps)).toBe(true);
    expect(hints).toEqual([TRAY_HINT.title]);
    expect(settings.get().trayHintShown).toBe(true);
  });

  it('quits when the setting is off or there is no tray to come back from', () => {
    const hint = () => {};
    expect(
      keepRunningOnClose({
        settings: settingsOf({ ...DEFAULT_SETTINGS, keepRunningInTray: false }),
        hasTray: () => true,
        hint,
      }),
    ).toBe(false);
    expect(
      keepRunningOnClose({ settings: settingsOf(DEFAULT_SETTINGS), hasTray: () => false, hint }),
    ).toBe(false);
  });
});
