/**
 * 1,000 live connections updated at 10 Hz through the real store and the real rule row (chart,
 * virtualized list). Prints store and render time per batch; asserts only what the user sees,
 * never a duration (numbers belong in bench/).
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/model.ts';
import { ApiProvider } from '../api-context.tsx';
import { RuleRow } from '../rules/rule-row.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, ruleView } from '../testing/fake-api.ts';

const CONNS = 1000;
const BATCHES = 30;
const PERIOD_MS = 100;

const conn = (i: number, batch: number): ConnectionView => ({
  id: `c${i}`,
  ruleId: 'r1',
  peer: `127.0.0.1:${20000 + i}`,
  route: 'pod-port',
  pod: 'py-serv-abc-1',
  state: 'open',
  bytesUp: batch * 100,
  bytesDown: batch * 10_000 + i,
  openedAt: i,
});

const stats = (batch: number) => ({
  open: CONNS,
  total: CONNS,
  failed: 0,
  bytesUp: batch * 100 * CONNS,
  bytesDown: batch * 10_000 * CONNS,
  rateUp: 1000 * CONNS,
  rateDown: 100_000 * CONNS,
});

const ms = (n: number) => n.toFixed(2).padStart(7);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

afterEach(() => cleanup());

describe('live load', () => {
  it('applies 1,000 connection updates 10 times a second and shows the newest counters', () => {
    resetStore();
    useStore.getState().setRules([ruleView({ id: 'r1', name: 'load' })], 0);
    render(
      <ApiProvider api={createFakeApi().api}>
        <ul>
          <RuleRow id="r1" />
        </ul>
      </ApiProvider>,
    );
    const lines: string[] = [];
    const storeMs: number[] = [];
    const renderMs: number[] = [];
    for (let b = 1; b <= BATCHES; b++) {
      const upserted = Array.from({ length: CONNS }, (_, i) => conn(i, b));
      const now = b * PERIOD_MS;
      let storeTime = 0;
      const t0 = performance.now();
      act(() => {
        const s0 = performance.now();
        useStore.getState().applyConnectionsDelta({ upserted, removed: [] }, now);
        useStore.getState().applyRuleStats([{ id: 'r1', stats: stats(b) }], now);
        storeTime = performance.now() - s0;
      });
      const total = performance.now() - t0;
      storeMs.push(storeTime);
      renderMs.push(total - storeTime);
      lines.push(
        `batch ${String(b).padStart(2)}: store ${ms(storeTime)} ms  render ${ms(total - storeTime)} ms`,
      );
    }
    console.log(
      [
        `live load: ${CONNS} connections × ${BATCHES} batches at ${1000 / PERIOD_MS} Hz (happy-dom)`,
        ...lines,
        `store  median ${ms(pct(storeMs, 0.5))} ms  p95 ${ms(pct(storeMs, 0.95))} ms`,
        `render median ${ms(pct(renderMs, 0.5))} ms  p95 ${ms(pct(renderMs, 0.95))} ms`,
      ].join('\n'),
    );
    const rows = screen.getAllByTestId('connection-row');
    expect(rows.length).toBeLessThan(40);
    const newest = rows[0]!;
    expect(within(newest).getByTestId('conn-peer').textContent).toBe(
      `127.0.0.1:${20000 + CONNS - 1}`,
    );
    expect(within(newest).getByTestId('conn-down').title).toBe(
      `${BATCHES * 10_000 + CONNS - 1} bytes`,
    );
    expect(within(newest).getByTestId('conn-rate').textContent).toBe('99 KiB/s'); // (100 + 10,000 B) per 0.1 s;
    expect(screen.getByTestId('rule-counters').textContent).toContain(
      `open ${CONNS} · total ${CONNS}`,
    );
  });
});
