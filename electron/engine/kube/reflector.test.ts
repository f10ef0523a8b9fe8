import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { createFakeListWatch, type FakeListWatch } from '../testing/fake-list-watch.ts';
import { until } from '../../../testing/wait.ts';
import type { KubeObject } from './list-watch.ts';
import { startReflector, type ChangeType } from './reflector.ts';

const pod = (name: string, ns = 'default', labels: Record<string, string> = {}): KubeObject => ({
  metadata: { name, namespace: ns, labels },
});

function start(source: FakeListWatch, idleMs?: number) {
  const clock = manualClock();
  const logs: string[] = [];
  const changes: Array<[ChangeType, string]> = [];
  const r = startReflector({
    kind: 'pods',
    namespace: 'default',
    source,
    clock,
    log: (m) => logs.push(m),
    onChange: (t, o) => changes.push([t, o.metadata?.name ?? '']),
    minBackoffMs: 100,
    maxBackoffMs: 400,
    ...(idleMs ? { idleMs } : {}),
  });
  const names = (): string[] =>
    r
      .list()
      .map((o) => o.metadata?.name ?? '')
      .sort();
  return { r, clock, logs, changes, names };
}

describe('reflector', () => {
  it('lists, then watches from the list version; ready only while a watch is open', async () => {
    const src = createFakeListWatch();
    src.put('pods', pod('a'));
    src.put('pods', pod('other', 'elsewhere'));
    const { r, names, changes } = start(src);
    expect(r.ready).toBe(false);
    await until(() => r.ready, 'ready');
    expect(names()).toEqual(['a']);
    expect(src.watchedFrom).toEqual(['102']);
    src.put('pods', pod('b'));
    src.put('pods', pod('a', 'default', { v: '2' }));
    src.remove('pods', 'default', 'b');
    expect(names()).toEqual(['a']);
    expect(r.get('a')?.metadata?.labels).toEqual({ v: '2' });
    expect(changes).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
      ['DELETED', 'b'],
    ]);
    r.stop();
    expect(r.ready).toBe(false);
    expect(src.openWatches).toBe(0);
  });

  it('resumes from the last version it saw (bookmarks too) after the server ends a watch', async () => {
    const src = createFakeListWatch();
    const { r, clock } = start(src);
    await until(() => r.ready, 'ready');
    src.put('pods', pod('x', 'elsewhere')); // not ours: only a bookmark carries the version on
    src.bookmark();
    expect(src.closeWatches()).toBe(1);
    expect(r.ready).toBe(false);
    clock.advance(0);
    await until(() => r.ready, 'ready again');
    expect(src.watchedFrom).toEqual(['100', '101']);
    expect(src.calls.lists).toBe(1);
    r.stop();
  });

  it('re-lists on 410 and reports objects that vanished during the gap as DELETED', async () => {
    const src = createFakeListWatch();
    src.put('pods', pod('old'));
    const { r, clock, changes, names, logs } = start(src);
    await until(() => r.ready, 'ready');
    src.refuse = true;
    src.closeWatches();
    clock.advance(0);
    await until(() => src.calls.watches === 2, 'refused re-watch');
    src.remove('pods', 'default', 'old');
    src.put('pods', pod('new'));
    src.compact();
    src.refuse = false;
    await until(() => (clock.advance(100), r.ready), 'ready after re-list');
    expect(names()).toEqual(['new']);
    expect(changes.slice(1)).toEqual([
      ['DELETED', 'old'],
      ['ADDED', 'new'],
    ]);
    expect(src.calls.lists).toBe(2);
    expect(logs.some((l) => l.includes('expired (410)'))).toBe(true);
    r.stop();
  });

  it('backs off while watches are refused, says so, and is ready again once allowed', async () => {
    const src = createFakeListWatch();
    const { r, clock, logs } = start(src);
    await until(() => r.ready, 'ready');
    src.refuse = true;
    src.closeWatches();
    const delays: string[] = [];
    for (let i = 0; i < 4; i++) {
      const n = src.calls.watches;
      clock.advance(400);
      await until(() => src.calls.watches > n, `retry ${i}`);
      await until(() => logs.at(-1)?.includes('retrying in'), 'retry logged');
      delays.push(/retrying in (\d+) ms/.exec(logs.at(-1) ?? '')?.[1] ?? '');
    }
    expect(delays).toEqual(['100', '200', '400', '400']);
    expect(logs).toContain(
      'resolution cache: pods in default not usable (watch ended); resolving with direct API reads',
    );
    expect(logs).toContain(
      'resolution cache: pods in default: watch failed: Forbidden; retrying in 200 ms',
    );
    expect(r.ready).toBe(false);
    src.refuse = false;
    clock.advance(400);
    await until(() => r.ready, 'ready again');
    r.stop();
  });

  it('stop ends the watch and cancels pending retries', async () => {
    const src = createFakeListWatch();
    const { r, clock } = start(src);
    await until(() => r.ready, 'ready');
    src.refuse = true;
    src.closeWatches();
    clock.advance(0);
    await until(() => clock.pending() > 0, 'a retry scheduled');
    r.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(10_000);
    expect(src.openWatches).toBe(0);
  });

  it('replaces a watch that stays silent longer than idleMs', async () => {
    const src = createFakeListWatch();
    const { r, clock, logs } = start(src, 60_000);
    await until(() => r.ready, 'ready');
    clock.advance(59_000);
    src.bookmark(); // anything heard re-arms the timer
    clock.advance(59_000);
    expect(src.calls.watches).toBe(1);
    clock.advance(2_000);
    await until(() => src.calls.watches === 2 && r.ready, 'a new watch');
    expect(logs.some((l) => l.includes('no event or bookmark for 60 s'))).toBe(true);
    expect(src.openWatches).toBe(1);
    r.stop();
  });
});
