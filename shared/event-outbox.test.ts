import { describe, expect, it } from 'vitest';
import type { EventChannel } from './contract.ts';
import { createEventOutbox, type Timers } from './event-outbox.ts';

function recorder() {
  const sent: Array<[EventChannel, unknown]> = [];
  return { sent, send: (ch: EventChannel, p: unknown) => void sent.push([ch, p]) };
}

/** Timers the test fires by hand. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let n = 0;
  const timers: Timers = {
    set: (fn) => (due.set(++n, fn), n),
    clear: (h) => void due.delete(h as number),
  };
  const fire = (): void => {
    const all = [...due.values()];
    due.clear();
    for (const fn of all) fn();
  };
  return { timers, fire, pending: () => due.size };
}

describe('createEventOutbox: the ready handshake', () => {
  it('holds events until ready, flushes them in order, then sends directly', () => {
    const r = recorder();
    const q = createEventOutbox({ send: r.send });
    q.push('rules:changed', 1);
    q.push('connections:changed', 2);
    expect(r.sent).toEqual([]);
    expect(q.ready).toBe(false);
    q.markReady();
    expect(r.sent).toEqual([
      ['rules:changed', 1],
      ['connections:changed', 2],
    ]);
    q.push('rules:changed', 3);
    expect(r.sent.at(-1)).toEqual(['rules:changed', 3]);
  });

  it('flushes each event once, even when marked ready twice', () => {
    const r = recorder();
    const q = createEventOutbox({ send: r.send });
    q.push('rules:changed', 1);
    q.markReady();
    q.markReady();
    expect(r.sent).toHaveLength(1);
  });

  it('queues again after reset', () => {
    const r = recorder();
    const q = createEventOutbox({ send: r.send });
    q.markReady();
    q.reset();
    q.push('rules:changed', 1);
    expect(r.sent).toEqual([]);
    q.markReady();
    expect(r.sent).toEqual([['rules:changed', 1]]);
  });
});

describe('createEventOutbox: bounds', () => {
  it('drops the oldest beyond the limit and counts them', () => {
    const r = recorder();
    const q = createEventOutbox({ send: r.send, limit: 3 });
    for (let i = 1; i <= 5; i++) q.push('connections:changed', i);
    expect(q.dropped).toBe(2);
    q.markReady();
    expect(r.sent.map(([, p]) => p)).toEqual([3, 4, 5]);
  });

  it('calls onOverflow instead of dropping when the host prefers a reconnect', () => {
    const r = recorder();
    let overflows = 0;
    const q = createEventOutbox({ send: r.send, limit: 2, onOverflow: () => (overflows += 1) });
    for (let i = 1; i <= 3; i++) q.push('connections:changed', i);
    expect(overflows).toBe(1);
    expect(q.size).toBe(0);
  });

  it('keeps one snapshot of the full rule list however many were queued', () => {
    const r = recorder();
    const q = createEventOutbox({ send: r.send });
    for (let i = 1; i <= 1000; i++) q.push('rules:changed', i);
    q.push('connections:changed', 'd');
    expect(q.size).toBe(2);
    q.markReady();
    expect(r.sent).toEqual([
      ['rules:changed', 1000],
      ['connections:changed', 'd'],
    ]);
  });

  it('holds events while the transport is congested, coalescing snapshots, until flush', () => {
    const r = recorder();
    let busy = true;
    const q = createEventOutbox({ send: r.send, congested: () => busy });
    q.markReady();
    q.push('connections:changed', 'a');
    q.push('rules:changed', 1);
    q.push('rules:changed', 2);
    expect(r.sent).toEqual([]);
    busy = false;
    q.flush();
    expect(r.sent).toEqual([
      ['connections:changed', 'a'],
      ['rules:changed', 2],
    ]);
  });

  it('spaces snapshots: the first at once, then only the newest per interval', () => {
    const r = recorder();
    const t = manualTimers();
    const q = createEventOutbox({ send: r.send, snapshotIntervalMs: 100, timers: t.timers });
    q.markReady();
    for (let i = 1; i <= 500; i++) q.push('rules:changed', i);
    q.push('connections:changed', 'd'); // deltas are never held back
    expect(r.sent).toEqual([
      ['rules:changed', 1],
      ['connections:changed', 'd'],
    ]);
    t.fire();
    expect(r.sent.at(-1)).toEqual(['rules:changed', 500]);
    t.fire(); // nothing new in this window: the spacing ends
    expect(r.sent).toHaveLength(3);
    expect(t.pending()).toBe(0);
    q.dispose();
  });
});
