import { beforeEach, describe, expect, it } from 'vitest';
import { resetStore, useStore } from './index.ts';
import { ruleView } from '../testing/fake-api.ts';
import type { ConnectionView } from '../../shared/model.ts';

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

beforeEach(() => resetStore());

describe('rules slice', () => {
  it('setRules replaces the list and marks it loaded', () => {
    expect(useStore.getState().rulesLoaded).toBe(false);
    useStore.getState().setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    expect(useStore.getState().rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(useStore.getState().rulesLoaded).toBe(true);
  });

  it('upsertRule replaces in place or appends', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    s.upsertRule(ruleView({ id: 'a', state: 'failed', reason: 'port in use' }));
    s.upsertRule(ruleView({ id: 'c' }));
    const rules = useStore.getState().rules;
    expect(rules.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rules[0]).toMatchObject({ state: 'failed', reason: 'port in use' });
  });

  it('dropRule removes the rule and its connections', () => {
    const s = useStore.getState();
    s.setRules([ruleView({ id: 'a' }), ruleView({ id: 'b' })]);
    s.setConnections([conn('c1', 'a'), conn('c2', 'b')]);
    s.dropRule('a');
    expect(useStore.getState().rules.map((r) => r.id)).toEqual(['b']);
    expect(Object.keys(useStore.getState().connections)).toEqual(['c2']);
  });
});

describe('connections slice', () => {
  it('applies deltas: upserts by id, removes listed ids', () => {
    const s = useStore.getState();
    s.setConnections([conn('c1', 'a'), conn('c2', 'a')]);
    s.applyConnectionsDelta({
      upserted: [conn('c1', 'a', { bytesUp: 10 }), conn('c3', 'a')],
      removed: ['c2', 'zz'],
    });
    const c = useStore.getState().connections;
    expect(Object.keys(c).sort()).toEqual(['c1', 'c3']);
    expect(c.c1?.bytesUp).toBe(10);
  });
});

describe('app slice and reset', () => {
  it('holds info, link and error, and resetStore restores the initial state', () => {
    const s = useStore.getState();
    s.setInfo({ version: '1.2.3', host: 'electron' });
    s.setLink('lost');
    s.setAppError('boom');
    s.setRules([ruleView()]);
    expect(useStore.getState()).toMatchObject({
      info: { host: 'electron' },
      link: 'lost',
      appError: 'boom',
    });
    resetStore();
    expect(useStore.getState()).toMatchObject({
      info: null,
      link: 'connecting',
      appError: null,
      rules: [],
      rulesLoaded: false,
      connections: {},
    });
    expect(typeof useStore.getState().setRules).toBe('function');
  });
});
