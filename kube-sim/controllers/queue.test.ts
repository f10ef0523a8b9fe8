/** The controller queue: failed reconciles are retried, and a failing reporter never wedges it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../store/store.ts';
import { startControllers, type Controller, type ControllerManager } from './queue.ts';

const store = { subscribe: () => () => undefined } as unknown as Store;
// The retry is a 100 ms timer; a busy 2-core machine can delay it well past waitFor's 1 s default.
const WAIT = { timeout: 10_000 };
let manager: ControllerManager | undefined;

afterEach(() => {
  manager?.stop();
  manager = undefined;
  vi.restoreAllMocks();
});

/** A controller that records every reconcile and fails once for each key in `failOnce`. */
function recorder(failOnce: string[]): Controller & { seen: string[] } {
  const failing = new Set(failOnce);
  const seen: string[] = [];
  return {
    name: 'c',
    seen,
    keysFor: () => [],
    reconcile(key) {
      seen.push(key);
      if (failing.delete(key)) return Promise.reject(new Error(`boom ${key}`));
      return Promise.resolve();
    },
  };
}

describe('controller queue', () => {
  it('reports a failed reconcile and retries it', async () => {
    const errors: string[] = [];
    const c = recorder(['a']);
    manager = startControllers(store, [c], (_err, where) => errors.push(where));
    manager.enqueue('c', 'a');
    await vi.waitFor(() => expect(c.seen).toEqual(['a', 'a']), WAIT);
    expect(errors).toEqual(['c a']);
  });

  it('keeps working and wakes idle() when the error reporter itself throws', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = recorder(['a']);
    manager = startControllers(store, [c], () => {
      throw new Error('reporter broke');
    });
    manager.enqueue('c', 'a');
    await manager.idle();
    await vi.waitFor(
      () => expect(logged).toHaveBeenCalledWith('kube-sim: controller queue:', expect.any(Error)),
      WAIT,
    );
    manager.enqueue('c', 'b');
    await manager.idle();
    expect(c.seen).toEqual(['a', 'b']);
  });
});
