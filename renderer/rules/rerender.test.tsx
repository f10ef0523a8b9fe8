/** Live updates reach only the rows they concern (React Profiler counts commits per subtree). */
import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/model.ts';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, ruleView } from '../testing/fake-api.ts';
import { RuleRow } from './rule-row.tsx';

const commits: Record<string, number> = {};
const count = (id: string) => () => void (commits[id] = (commits[id] ?? 0) + 1);
const conn = (id: string, ruleId: string, bytesDown = 0): ConnectionView => ({
  id,
  ruleId,
  peer: `127.0.0.1:${id.length}`,
  state: 'open',
  bytesUp: 0,
  bytesDown,
  openedAt: 1,
});
const stats = { open: 1, total: 1, failed: 0, bytesUp: 5, bytesDown: 9, rateUp: 1, rateDown: 2 };

beforeEach(() => {
  resetStore();
  for (const k of Object.keys(commits)) delete commits[k];
  const s = useStore.getState();
  s.setRules([ruleView({ id: 'a', name: 'a' }), ruleView({ id: 'b', name: 'b' })]);
  s.setConnections([conn('a1', 'a'), conn('b1', 'b')]);
  render(
    <ApiProvider api={createFakeApi().api}>
      <ul>
        {['a', 'b'].map((id) => (
          <Profiler key={id} id={id} onRender={count(id)}>
            <RuleRow id={id} />
          </Profiler>
        ))}
      </ul>
    </ApiProvider>,
  );
  for (const k of Object.keys(commits)) delete commits[k];
});
afterEach(() => cleanup());

describe('re-render isolation', () => {
  it('a stats delta for one rule re-renders that rule only', () => {
    act(() => useStore.getState().applyRuleStats([{ id: 'a', stats }]));
    expect(commits).toEqual({ a: expect.any(Number) as number });
  });

  it('a connection delta re-renders the rule that owns the connection only', () => {
    act(() =>
      useStore.getState().applyConnectionsDelta({ upserted: [conn('b1', 'b', 42)], removed: [] }),
    );
    expect(Object.keys(commits)).toEqual(['b']);
  });

  it('rules:changed with one rule changed re-renders that rule only', () => {
    act(() =>
      useStore
        .getState()
        .setRules([
          ruleView({ id: 'a', name: 'a' }),
          ruleView({ id: 'b', name: 'b', state: 'failed' }),
        ]),
    );
    expect(Object.keys(commits)).toEqual(['b']);
  });
});
