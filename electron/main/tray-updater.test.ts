import { describe, expect, it } from 'vitest';
import type { TrayModel } from './tray-model.ts';
import { createTrayUpdater, type Timers } from './tray-updater.ts';

function fakeTimers() {
  const queue: { fn: () => void; ms: number }[] = [];
  const timers: Timers = {
    set: (fn, ms) => queue.push({ fn, ms }),
    clear: (h) => {
      const i = (h as number) - 1;
      if (queue[i]) queue[i] = { fn: () => {}, ms: -1 };
    },
  };
  const fire = () => queue.splice(0).forEach((t) => t.fn());
  return { timers, queue, fire };
}

const model = (tooltip: string): TrayModel => ({ health: 'ok', tooltip, items: [] });

describe('createTrayUpdater', () => {
  it('a burst of changes renders once, with the state at render time', () => {
    const t = fakeTimers();
    let state = 'a';
    const rendered: string[] = [];
    const u = createTrayUpdater({
      read: () => model(state),
      render: (m) => rendered.push(m.tooltip),
      timers: t.timers,
      delayMs: 250,
    });
    for (const s of ['b', 'c', 'd']) {
      state = s;
      u.changed();
    }
    expect(t.queue.map((q) => q.ms)).toEqual([250]);
    expect(rendered).toEqual([]);
    t.fire();
    expect(rendered).toEqual(['d']);
  });

  it('an unchanged model is not rendered again; a change after a render schedules again', () => {
    const t = fakeTimers();
    let state = 'a';
    const rendered: string[] = [];
    const u = createTrayUpdater({
      read: () => model(state),
      render: (m) => rendered.push(m.tooltip),
      timers: t.timers,
      delayMs: 100,
    });
    u.flush();
    u.changed();
    t.fire();
    state = 'b';
    u.changed();
    t.fire();
    expect(rendered).toEqual(['a', 'b']);
  });

  it('nothing renders after dispose', () => {
    const t = fakeTimers();
    const rendered: string[] = [];
    const u = createTrayUpdater({
      read: () => model('x'),
      render: (m) => rendered.push(m.tooltip),
      timers: t.timers,
      delayMs: 100,
    });
    u.changed();
    u.dispose();
    t.fire();
    u.changed();
    expect(t.queue).toEqual([]);
    expect(rendered).toEqual([]);
  });
});
