import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/model.ts';
import { ruleView } from '../testing/fake-api.ts';
import { MAX_FINISHED_PER_RULE } from './connection-index.ts';
import { resetStore, useStore } from './index.ts';
import { selectRules, selectVisibleRuleIds } from './selectors.ts';

const conn = (id: string, ruleId: string, over: Partial<ConnectionView> = {}): ConnectionView => ({
  id,
  ruleId,
  peer: '127.0.0.1:50000',
  state: 'open',
  bytesUp: 0,
  bytesDown: 0,
  openedAt: 1,
  ...over,
});
const stats = (over = {}) => ({
  open: 0,
  total: 0,
  failed: 0,
  bytesUp: 0,
  bytesDown: 0,
  rateUp: 0,
  rateDown: 0,
  ...over,
});
const ids = () => selectRules(useStore.getState()).map((r) => r.id);

beforeEach(() => resetStore());

describe('rules slice', () => {
  it('setRules replaces the list and marks it loaded', () => {
    expect(useStore.getState().rulesLoaded).toBe(false);
    useStore.getState().setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    expect(ids()).toEqual(['a', 'b']);
    expect(useStore.getState().rulesLoaded).toBe(true);
  });

  it('keeps the object of an unchanged rule (its row does not re-render) and the id list', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    const before = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b', state: 'failed' })]);
    const after = useStore.getState();
    expect(after.rulesById.a).toBe(before.rulesById.a);
    expect(after.rulesById.b).not.toBe(before.rulesById.b);
    expect(after.ruleIds).toBe(before.ruleIds);
  });

  it('a rule that disappears from rules:changed takes its connections with it', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    s.setConnections([conn('c1', 'a'), conn('c2', 'b')]);
    const before = useStore.getState();
    s.setRules([ruleView({ id: 'b' })]);
    const after = useStore.getState();
    expect(Object.keys(after.connections)).toEqual(['c2']);
    expect(after.connIdsByRule.b).toBe(before.connIdsByRule.b);
    s.setRules([ruleView({ id: 'b' })]);
    expect(useStore.getState().connections).toBe(after.connections);
  });

  it('upsertRule replaces in place or appends', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    s.upsertRule(ruleView({ id: 'a', state: 'failed', reason: 'port in use' }));
    s.upsertRule(ruleView({ id: 'c' }));
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(useStore.getState().rulesById.a).toMatchObject({
      state: 'failed',
      reason: 'port in use',
    });
  });

  it('dropRule removes the rule, its connections and its history', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    s.setConnections([conn('c1', 'a'), conn('c2', 'b')]);
    s.dropRule('a');
    const st = useStore.getState();
    expect(ids()).toEqual(['b']);
    expect(Object.keys(st.connections)).toEqual(['c2']);
    expect(st.connIdsByRule.a ?? []).toEqual([]);
    expect(st.rateHistory.a).toBeUndefined();
  });

  it('applyRuleStats touches only the rules named, and records their rate', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })], 1000);
    const before = useStore.getState();
    s.applyRuleStats([{ id: 'a', stats: stats({ bytesDown: 5000, rateDown: 2500 }) }], 3000);
    s.applyRuleStats([{ id: 'gone', stats: stats() }], 3100);
    const after = useStore.getState();
    expect(after.rulesById.b).toBe(before.rulesById.b);
    expect(after.rulesById.a?.stats.bytesDown).toBe(5000);
    expect(after.rateHistory.a?.map((h) => [h.t, h.down])).toEqual([
      [1000, 0],
      [3000, 2500],
    ]);
    expect(after.rateHistory.b).toBe(before.rateHistory.b);
  });

  it('filters by every typed word over name, spec, target and state', () => {
    const s = useStore.getState();
    s.setRules([
      ruleView({ id: 'a', name: 'shop web', target: 'deployment/web' }),
      ruleView({ id: 'b', name: 'db', spec: '5432:db:5432', state: 'failed' }),
    ]);
    s.setFilter('web deploy');
    expect(selectVisibleRuleIds(useStore.getState())).toEqual(['a']);
    s.setFilter('FAILED');
    expect(selectVisibleRuleIds(useStore.getState())).toEqual(['b']);
    s.setFilter('');
    expect(selectVisibleRuleIds(useStore.getState())).toBe(useStore.getState().ruleIds);
  });
});

describe('connections slice', () => {
  it('applies deltas: upserts by id, removes listed ids, indexes by rule newest first', () => {
    const s = useStore.getState();
    s.setConnections([conn('c1', 'a', { openedAt: 1 }), conn('c2', 'a', { openedAt: 2 })]);
    s.applyConnectionsDelta({
      upserted: [
        conn('c1', 'a', { bytesUp: 10 }),
        conn('c3', 'a', { openedAt: 3 }),
        conn('d1', 'b'),
      ],
      removed: ['c2', 'zz'],
    });
    const st = useStore.getState();
    expect(Object.keys(st.connections).sort()).toEqual(['c1', 'c3', 'd1']);
    expect(st.connections.c1?.bytesUp).toBe(10);
    expect(st.connIdsByRule).toEqual({ a: ['c3', 'c1'], b: ['d1'] });
  });

  it('an update of existing rows keeps every other row object and the rule id lists', () => {
    const s = useStore.getState();
    s.setConnections([conn('c1', 'a'), conn('c2', 'a'), conn('d1', 'b')]);
    const before = useStore.getState();
    s.applyConnectionsDelta({ upserted: [conn('c1', 'a', { bytesDown: 7 })], removed: [] });
    const after = useStore.getState();
    expect(after.connections.c2).toBe(before.connections.c2);
    expect(after.connections.d1).toBe(before.connections.d1);
    expect(after.connIdsByRule.a).toBe(before.connIdsByRule.a);
    expect(after.connIdsByRule.b).toBe(before.connIdsByRule.b);
    expect(after.connLive.c2).toBe(before.connLive.c2);
  });

  it('merges late arrivals into their place by opening time', () => {
    const s = useStore.getState();
    s.setConnections([conn('c5', 'a', { openedAt: 5 }), conn('c1', 'a', { openedAt: 1 })]);
    s.applyConnectionsDelta({
      upserted: [conn('c3', 'a', { openedAt: 3 }), conn('c9', 'a', { openedAt: 9 })],
      removed: [],
    });
    expect(useStore.getState().connIdsByRule.a).toEqual(['c9', 'c5', 'c3', 'c1']);
  });

  it('derives per-connection rates from successive counters', () => {
    const s = useStore.getState();
    s.applyConnectionsDelta({ upserted: [conn('c1', 'a')], removed: [] }, 1000);
    s.applyConnectionsDelta(
      { upserted: [conn('c1', 'a', { bytesUp: 100, bytesDown: 4000 })], removed: [] },
      1500,
    );
    expect(useStore.getState().connLive.c1).toMatchObject({ rateUp: 200, rateDown: 8000 });
    expect(useStore.getState().connLive.c1?.spark.at(-1)).toBe(8200);
    s.applyConnectionsDelta(
      { upserted: [conn('c1', 'a', { state: 'closed', bytesDown: 4000 })], removed: [] },
      2000,
    );
    expect(useStore.getState().connLive.c1).toMatchObject({ rateUp: 0, rateDown: 0 });
  });

  it('keeps at most MAX_FINISHED_PER_RULE finished connections per rule, oldest dropped', () => {
    const s = useStore.getState();
    const closed = Array.from({ length: MAX_FINISHED_PER_RULE + 5 }, (_, i) =>
      conn(`c${i}`, 'a', { state: 'closed', openedAt: i }),
    );
    s.applyConnectionsDelta({
      upserted: [conn('live', 'a', { openedAt: -1 }), ...closed],
      removed: [],
    });
    const st = useStore.getState();
    const list = st.connIdsByRule.a ?? [];
    expect(list).toHaveLength(MAX_FINISHED_PER_RULE + 1);
    expect(list[0]).toBe(`c${MAX_FINISHED_PER_RULE + 4}`);
    expect(list).toContain('live');
    expect(st.connections.c0).toBeUndefined();
    expect(st.connLive.c4).toBeUndefined();
    expect(st.connections.c5).toBeDefined();
  });
});

describe('app slice and reset', () => {
  it('holds info, link, settings and notices, and resetStore restores the initial state', () => {
    const s = useStore.getState();
    s.setInfo({ version: '1.2.3', host: 'electron' });
    s.setLink('lost');
    s.setAppError('boom');
    s.setRules([ruleView()]);
    s.setSettings({ restoreRunningRules: false, theme: 'dark' });
    s.setNotices([{ id: 'n', level: 'error', message: 'kept aside', at: 1 }]);
    s.toggleSelected('r1', true);
    expect(useStore.getState()).toMatchObject({
      info: { host: 'electron' },
      link: 'lost',
      appError: 'boom',
      settings: { theme: 'dark' },
      selected: { r1: true },
    });
    resetStore();
    expect(useStore.getState()).toMatchObject({
      info: null,
      link: 'connecting',
      appError: null,
      ruleIds: [],
      rulesLoaded: false,
      connections: {},
      settings: null,
      notices: [],
      selected: {},
      editor: { mode: 'closed' },
    });
    expect(typeof useStore.getState().setRules).toBe('function');
  });
});
