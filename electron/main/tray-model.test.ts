import { describe, expect, it } from 'vitest';
import type { ProfileView, RuleView } from '../../shared/model.ts';
import {
  buildTrayModel,
  MAX_INLINE_RULES,
  ruleLabel,
  trayHealth,
  type TrayItem,
} from './tray-model.ts';

const STATS = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };

function rule(id: string, over: Partial<RuleView> = {}): RuleView {
  return {
    id,
    name: id,
    direction: 'L',
    spec: `80${id.length}:svc:80`,
    enabled: true,
    state: 'listening',
    stats: STATS,
    ...over,
  };
}

const labels = (items: TrayItem[]): string[] =>
  items.map((i) =>
    i.kind === 'separator' ? '---' : i.kind === 'submenu' ? `>${i.label}` : i.label,
  );

describe('tray menu model', () => {
  it('empty: a hint, then Start all / Stop all (disabled), Open, Quit; health ok', () => {
    const m = buildTrayModel([], []);
    expect(m.health).toBe('ok');
    expect(m.tooltip).toBe('Portside — 0 of 0 rules on');
    expect(labels(m.items)).toEqual([
      'No rules yet: add them in the window',
      '---',
      'Start all',
      'Stop all',
      '---',
      'Open Portside',
      'Quit Portside',
    ]);
    expect(
      m.items.filter((i) => i.kind === 'action').map((i) => i.kind === 'action' && i.enabled),
    ).toEqual([false, false, true, true]);
  });

  it('mixed: grouped by profile with start/stop, loose rules under Other rules, checkbox = enabled', () => {
    const rules = [
      rule('api', { spec: '8080:api:80' }),
      rule('db', { direction: 'R', spec: '5432', enabled: false, state: 'stopped' }),
      rule('web', { spec: '3000:web:80', state: 'reconnecting' }),
    ];
    const profiles: ProfileView[] = [
      { name: 'shop', ruleIds: ['api', 'db'], running: false },
      { name: 'front', ruleIds: ['web'], running: true },
    ];
    const m = buildTrayModel(rules, profiles);
    expect(m.health).toBe('reconnecting');
    expect(labels(m.items)).toEqual([
      'shop',
      'Start profile',
      '● api  -L 8080:api:80',
      '○ db  -R 5432',
      '---',
      'front',
      'Stop profile',
      '◐ web  -L 3000:web:80  (reconnecting)',
      '---',
      'Start all',
      'Stop all',
      '---',
      'Open Portside',
      'Quit Portside',
    ]);
    const db = m.items.find((i) => i.kind === 'rule' && i.id === 'db');
    expect(db).toMatchObject({
      checked: false,
      action: { type: 'set-rule', id: 'db', enabled: true },
    });
    const api = m.items.find((i) => i.kind === 'rule' && i.id === 'api');
    expect(api).toMatchObject({
      checked: true,
      action: { type: 'set-rule', id: 'api', enabled: false },
    });
    expect(m.items.find((i) => i.kind === 'action' && i.label === 'Stop profile')).toMatchObject({
      action: { type: 'stop-profile', name: 'front' },
    });
  });

  it('all failed: health failed, the state in words, Stop all enabled', () => {
    const rules = [rule('a', { state: 'failed' }), rule('b', { state: 'failed' })];
    const m = buildTrayModel(rules, []);
    expect(m.health).toBe('failed');
    expect(m.tooltip).toBe('Portside — 2 of 2 rules on, 2 failed');
    expect(labels(m.items).slice(0, 3)).toEqual([
      'Rules',
      '✕ a  -L 801:svc:80  (failed)',
      '✕ b  -L 801:svc:80  (failed)',
    ]);
    expect(m.items.find((i) => i.kind === 'action' && i.label === 'Stop all')).toMatchObject({
      enabled: true,
    });
  });

  it('50 rules: profiles fold into submenus so the menu fits, every rule still reachable', () => {
    const rules = Array.from({ length: 50 }, (_, i) =>
      rule(`r${i}`, { enabled: i % 2 === 0, state: i % 2 === 0 ? 'listening' : 'stopped' }),
    );
    const profiles: ProfileView[] = [
      { name: 'first', ruleIds: rules.slice(0, 30).map((r) => r.id), running: false },
      { name: 'second', ruleIds: rules.slice(30, 45).map((r) => r.id), running: false },
    ];
    const m = buildTrayModel(rules, profiles);
    expect(labels(m.items)).toEqual([
      '>first  (15/30 on)',
      '>second  (8/15 on)',
      '>Other rules  (2/5 on)',
      '---',
      'Start all',
      'Stop all',
      '---',
      'Open Portside',
      'Quit Portside',
    ]);
    const inSubmenus = m.items
      .flatMap((i) => (i.kind === 'submenu' ? i.items : []))
      .filter((i) => i.kind === 'rule');
    expect(inSubmenus).toHaveLength(50);
    expect(MAX_INLINE_RULES).toBeLessThan(50);
  });

  it('long names are clipped; a name equal to the spec is not repeated', () => {
    expect(ruleLabel(rule('x', { name: 'n'.repeat(80) }))).toBe(`● ${'n'.repeat(59)}…`);
    expect(ruleLabel(rule('x', { name: '5432', direction: 'R', spec: '5432' }))).toBe('● -R 5432');
    expect(ruleLabel(rule('x', { enabled: false, state: 'failed' }))).toBe(
      '✕ x  -L 801:svc:80  (failed)',
    );
  });
});

describe('trayHealth', () => {
  it.each([
    [[], 'ok'],
    [[rule('a'), rule('b', { enabled: false, state: 'stopped' })], 'ok'],
    [[rule('a', { state: 'starting' })], 'ok'],
    [[rule('a', { state: 'degraded' })], 'reconnecting'],
    [[rule('a', { health: { state: 'unhealthy', reason: 'probe: 503' } })], 'reconnecting'],
    [[rule('a', { state: 'reconnecting' }), rule('b', { state: 'failed' })], 'failed'],
    // A stopped rule's last failure is not the app's health.
    [[rule('a', { enabled: false, state: 'failed' })], 'ok'],
  ] as const)('%j → %s', (rules, health) => {
    expect(trayHealth(rules)).toBe(health);
  });
});
