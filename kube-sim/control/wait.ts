/** Waiting for a state of the simulated cluster: re-checked on every store change, with a deadline. */
import type { Store } from '../store/store.ts';

export interface WaitOptions {
  timeoutMs?: number;
  /** Words for the timeout error: "timed out after 5000 ms waiting for <what>". */
  what?: string;
}

const POLL_MS = 50;

type Falsy = undefined | null | false;

/**
 * Resolves with the first truthy value of `check` (which may be async), evaluated now, after
 * every store change and every 50 ms (for conditions outside the store); rejects after
 * `timeoutMs` (default 10 s). Evaluations never overlap.
 */
export function waitFor<T>(
  store: Store,
  check: () => T | Falsy | Promise<T | Falsy>,
  opts: WaitOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let busy = false;
    let again = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(poll);
      clearTimeout(deadline);
      fn();
    };
    const evaluate = async (): Promise<void> => {
      if (done) return;
      if (busy) return void (again = true);
      busy = true;
      try {
        const v = await check();
        if (v) finish(() => resolve(v));
      } catch (err) {
        finish(() => reject(err));
      }
      busy = false;
      if (again && !done) {
        again = false;
        void evaluate();
      }
    };
    const unsubscribe = store.subscribe(() => queueMicrotask(() => void evaluate()));
    const poll = setInterval(() => void evaluate(), POLL_MS);
    const deadline = setTimeout(() => {
      const what = opts.what ?? 'a condition';
      finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)));
    }, timeoutMs);
    void evaluate();
  });
}
