/**
 * Follows engine changes into the tray without rebuilding the menu on every event: the first change
 * schedules one render `delayMs` later with the state of that moment, and an unchanged menu is not
 * rebuilt (a native menu rebuild closes an open menu on some platforms).
 */
import type { TrayModel } from './tray-model.ts';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface TrayUpdater {
  /** Something the menu shows may have changed. */
  changed(): void;
  /** Renders now if the menu differs (first paint, tests). */
  flush(): void;
  dispose(): void;
}

export function createTrayUpdater(deps: {
  read(): TrayModel;
  render(model: TrayModel): void;
  timers: Timers;
  delayMs: number;
}): TrayUpdater {
  let pending: unknown;
  let last = '';
  let disposed = false;
  const flush = (): void => {
    if (pending !== undefined) deps.timers.clear(pending);
    pending = undefined;
    if (disposed) return;
    const model = deps.read();
    const text = JSON.stringify(model);
    if (text === last) return;
    last = text;
    deps.render(model);
  };
  return {
    changed() {
      if (pending === undefined && !disposed) pending = deps.timers.set(flush, deps.delayMs);
    },
    flush,
    dispose() {
      disposed = true;
      if (pending !== undefined) deps.timers.clear(pending);
      pending = undefined;
    },
  };
}
