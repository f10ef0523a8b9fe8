import { describe, expect, it } from 'vitest';
import type { RuleView } from './model.ts';
import {
  createNotifyGate,
  createRuleNotifier,
  detectNotifications,
  notifyPrefsOf,
  type NotifyPrefs,
} from './notify-policy.ts';

const STATS = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const rule = (id: string, state: RuleView['state'], over: Partial<RuleView> = {}): RuleView => ({
  id,
  name: id,
  direction: 'L',
  spec: '8080:api:80',
  enabled: true,
  state,
  stats: STATS,
  ...over,
});
const ON: NotifyPrefs = { enabled: true, mutedRuleIds: [] };

describe('detectNotifications', () => {
  it('failed, gave up (failed after a drop), recovered (listening after a drop)', () => {
    const found = detectNotifications(
      [rule('a', 'starting'), rule('b', 'reconnecting'), rule('c', 'degraded')],
      [
        rule('a', 'failed', { reason: 'port 8080 is in use' }),
        rule('b', 'failed', { reason: 'pod api-0 is gone' }),
        rule('c', 'listening'),
      ],
    );
    expect(found).toEqual([
      {
        ruleId: 'a',
        kind: 'failed',
        title: 'Rule failed',
        body: 'a (-L 8080:api:80) could not start: port 8080 is in use',
      },
      {
        ruleId: 'b',
        kind: 'gave-up',
        title: 'Rule gave up',
        body: 'b (-L 8080:api:80) stopped reconnecting: pod api-0 is gone',
      },
      {
        ruleId: 'c',
        kind: 'recovered',
        title: 'Rule recovered',
        body: 'c (-L 8080:api:80) is forwarding again',
      },
    ]);
  });

  it('user actions and ordinary starts are not news', () => {
    expect(
      detectNotifications(
        [rule('a', 'listening'), rule('b', 'starting'), rule('c', 'failed')],
        [
          rule('a', 'stopped', { enabled: false }),
          rule('b', 'listening'),
          rule('c', 'failed'),
          rule('d', 'failed'),
        ],
      ),
    ).toEqual([]);
  });
});

describe('createNotifyGate', () => {
  it('a flapping rule notifies once per minute', () => {
    let t = 0;
    const notifier = createRuleNotifier(createNotifyGate(() => t));
    const shown: string[] = [];
    notifier.update([rule('a', 'listening')], ON, false);
    for (let i = 0; i < 20; i++) {
      t += 5_000;
      const state = i % 2 === 0 ? 'reconnecting' : 'listening';
      shown.push(...notifier.update([rule('a', state)], ON, false).map((n) => `${t}:${n.kind}`));
      t += 1_000;
      shown.push(...notifier.update([rule('a', 'failed')], ON, false).map((n) => `${t}:${n.kind}`));
    }
    // 20 cycles over 120 s: at most one per 60 s for the rule.
    expect(shown).toEqual(['6000:gave-up', '66000:gave-up']);
  });

  it('many rules at once: at most perMinute notifications', () => {
    const gate = createNotifyGate(() => 0, { perRuleMs: 60_000, perMinute: 3 });
    const list = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      ruleId: id,
      kind: 'failed' as const,
      title: '',
      body: '',
    }));
    expect(gate.pass(list, ON, false).map((n) => n.ruleId)).toEqual(['a', 'b', 'c']);
  });

  it('muted rule, notifications off, or the window in front: nothing', () => {
    const gate = createNotifyGate(() => 0);
    const n = [{ ruleId: 'a', kind: 'failed' as const, title: '', body: '' }];
    expect(gate.pass(n, { enabled: true, mutedRuleIds: ['a'] }, false)).toEqual([]);
    expect(gate.pass(n, { enabled: false, mutedRuleIds: [] }, false)).toEqual([]);
    expect(gate.pass(n, ON, true)).toEqual([]);
    expect(gate.pass(n, ON, false)).toEqual(n);
  });

  it('the first rule list is the starting state, not a change', () => {
    const notifier = createRuleNotifier(createNotifyGate(() => 0));
    expect(notifier.update([rule('a', 'failed')], ON, false)).toEqual([]);
  });

  it('settings written before notifications existed mean on, nothing muted', () => {
    expect(notifyPrefsOf({})).toEqual({ enabled: true, mutedRuleIds: [] });
    expect(notifyPrefsOf({ notifications: false, mutedRuleIds: ['x'] })).toEqual({
      enabled: false,
      mutedRuleIds: ['x'],
    });
  });
});
