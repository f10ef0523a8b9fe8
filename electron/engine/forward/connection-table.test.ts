import { describe, expect, it } from 'vitest';
import type { ConnectionsDelta } from '../../../shared/model.ts';
import { manualClock } from '../clock.ts';
import { createConnectionTable } from './connection-table.ts';

function setup(historyPerRule = 200) {
  const clock = manualClock();
  const table = createConnectionTable({ clock, intervalMs: 100, historyPerRule });
  const deltas: Array<{ at: number; delta: ConnectionsDelta }> = [];
  table.onDelta((delta) => deltas.push({ at: clock.now(), delta }));
  return { clock, table, deltas };
}

describe('connection table', () => {
  it('batches changes: at most one delta per interval, changed connections only', () => {
    const { clock, table, deltas } = setup();
    const a = table.create('r1', '127.0.0.1:1');
    const b = table.create('r1', '127.0.0.1:2');
    clock.advance(0);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.delta.upserted.map((c) => c.id)).toEqual([a.id, b.id]);
    const counters = { bytesUp: 0, bytesDown: 0 };
    a.countFrom(counters);
    for (let i = 0; i < 1000; i++) {
      counters.bytesUp += 10;
      a.touch();
      clock.advance(1);
    }
    const times = deltas.map((d) => d.at);
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(100);
    expect(deltas.length).toBeLessThanOrEqual(12);
    expect(deltas.slice(1).every((d) => d.delta.upserted.every((c) => c.id === a.id))).toBe(true);
    clock.advance(100);
    expect(table.list('r1').find((c) => c.id === a.id)?.bytesUp).toBe(10_000);
  });

  it('aggregates per rule exactly, including closed connections, with rates that decay to zero', () => {
    const { clock, table } = setup();
    const a = table.create('r1', 'p');
    const ca = { bytesUp: 0, bytesDown: 0 };
    a.countFrom(ca);
    a.set({ state: 'open', route: 'service', pod: 'x' });
    for (let s = 0; s < 10; s++) {
      ca.bytesDown += 1000;
      a.touch();
      clock.advance(250);
    }
    expect(table.stats('r1').rateDown).toBeGreaterThan(3000);
    a.finish('closed');
    const f = table.create('r1', 'q');
    f.finish('failed', 'no Ready pod');
    clock.advance(5000);
    expect(table.stats('r1')).toEqual({
      open: 0,
      total: 2,
      failed: 1,
      bytesUp: 0,
      bytesDown: 10_000,
      rateUp: 0,
      rateDown: 0,
    });
    expect(table.list('r1').map((c) => c.state)).toEqual(['closed', 'failed']);
    expect(table.list('r1')[1]?.reason).toBe('no Ready pod');
    expect(table.stats('nope').total).toBe(0);
  });

  it('keeps a bounded history per rule and reports evicted ids as removed', () => {
    const { clock, table, deltas } = setup(3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const h = table.create('r1', 'p');
      ids.push(h.id);
      h.finish('closed');
    }
    clock.advance(100);
    expect(table.list('r1').map((c) => c.id)).toEqual(ids.slice(2));
    const removed = deltas.flatMap((d) => d.delta.removed);
    expect(removed).toEqual(ids.slice(0, 2));
    expect(deltas.flatMap((d) => d.delta.upserted.map((c) => c.id))).not.toContain(ids[0]);
    table.dropRule('r1');
    clock.advance(100);
    expect(table.list('r1')).toEqual([]);
    expect(deltas.at(-1)?.delta.removed.sort()).toEqual(ids.slice(2).sort());
  });

  it('ignores updates after finish', () => {
    const { table } = setup();
    const h = table.create('r1', 'p');
    h.finish('closed', 'done');
    h.set({ state: 'open' });
    h.finish('failed', 'late');
    expect(table.list()[0]).toMatchObject({ state: 'closed', reason: 'done' });
  });
});
