/** A single work queue for every controller: deduplicated keys, delayed requeues, errors retried. */
import type { Store } from '../store/store.ts';
import type { StoreEvent } from '../store/types.ts';

export interface Controller {
  readonly name: string;
  /** Keys (usually `namespace/name`) to reconcile because of a store event. */
  keysFor(ev: StoreEvent): string[];
  reconcile(key: string): void | Promise<void>;
  /** Keys to reconcile once at start (objects loaded before the controllers ran). */
  initialKeys?(): string[];
  stop?(): void;
}

export interface ControllerManager {
  /** Queues `key` for `controller` now or after `delayMs`. */
  enqueue(controller: string, key: string, delayMs?: number): void;
  /** Resolves once the queue is empty (no delayed items counted). */
  idle(): Promise<void>;
  stop(): void;
}

const RETRY_MS = 100;

/** Runs `controllers` against `store`; reconciles run one at a time, in queue order. */
export function startControllers(
  store: Store,
  controllers: Controller[],
  onError: (err: unknown, where: string) => void,
): ControllerManager {
  const byName = new Map(controllers.map((c) => [c.name, c]));
  const pending: string[] = [];
  const queued = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const enqueue = (controller: string, key: string, delayMs = 0) => {
    if (stopped) return;
    if (delayMs > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        enqueue(controller, key);
      }, delayMs);
      timers.add(t);
      return;
    }
    const item = `${controller}\u0000${key}`;
    if (queued.has(item)) return;
    queued.add(item);
    pending.push(item);
    if (!running) setImmediate(kick);
  };

  // drain retries reconcile errors itself; only a throwing onError escapes it, and that must not
  // become an unhandled rejection that takes the whole API server down.
  const kick = () => {
    drain().catch((err: unknown) => console.error('kube-sim: controller queue:', err));
  };

  const drain = async () => {
    if (running) return;
    running = true;
    try {
      while (pending.length && !stopped) {
        const item = pending.shift()!;
        queued.delete(item);
        const [name, key] = item.split('\u0000') as [string, string];
        try {
          await byName.get(name)!.reconcile(key);
        } catch (err) {
          onError(err, `${name} ${key}`);
          enqueue(name, key, RETRY_MS);
        }
      }
    } finally {
      // Whatever happened, the queue must accept work again and idle() waiters must wake.
      running = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const unsubscribe = store.subscribe((ev) => {
    for (const c of controllers) for (const key of c.keysFor(ev)) enqueue(c.name, key);
  });
  for (const c of controllers) for (const key of c.initialKeys?.() ?? []) enqueue(c.name, key);

  return {
    enqueue,
    idle: () =>
      pending.length === 0 && !running
        ? Promise.resolve()
        : new Promise((r) => idleWaiters.push(r)),
    stop() {
      stopped = true;
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const c of controllers) c.stop?.();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}
