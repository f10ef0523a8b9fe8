import { describe, expect, it } from 'vitest';
import type { EventChannel } from '../../shared/contract.ts';
import { createEventQueue } from './event-queue.ts';

function recorder() {
  const sent: Array<[EventChannel, unknown]> = [];
  return { sent, send: (ch: EventChannel, p: unknown) => void sent.push([ch, p]) };
}

describe('createEventQueue', () => {
  it('holds events until ready, flushes them in order, then sends directly', () => {
    const r = recorder();
    const q = createEventQueue(r.send);
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
    const q = createEventQueue(r.send);
    q.push('rules:changed', 1);
    q.markReady();
    q.markReady();
    expect(r.sent).toHaveLength(1);
  });

  it('queues again after reset', () => {
    const r = recorder();
    const q = createEventQueue(r.send);
    q.markReady();
    q.reset();
    q.push('rules:changed', 1);
    expect(r.sent).toEqual([]);
    q.markReady();
    expect(r.sent).toEqual([['rules:changed', 1]]);
  });

  it('is bounded: beyond the limit the oldest events are dropped and counted', () => {
    const r = recorder();
    const q = createEventQueue(r.send, 3);
    for (let i = 1; i <= 5; i++) q.push('connections:changed', i);
    expect(q.dropped).toBe(2);
    q.markReady();
    expect(r.sent.map(([, p]) => p)).toEqual([3, 4, 5]);
  });
});
