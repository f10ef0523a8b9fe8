/**
 * The ready handshake and its outbox, for every host (Electron IPC and the browser WebSocket).
 * A UI that has not bound its listeners yet would drop what we send, so events wait here until it
 * invokes `app:ready`, then flow in order. The outbox is bounded, and full-state snapshots
 * (`rules:changed` carries every rule) replace each other instead of piling up: a burst of 1,000
 * rule changes costs one snapshot per window, not 1,000 copies of the whole list.
 */
import type { EventChannel } from './contract.ts';

export type SendFn = (channel: EventChannel, payload: unknown) => void;

/** Channels whose payload is the whole state: only the newest one matters. */
export const SNAPSHOT_CHANNELS: readonly EventChannel[] = ['rules:changed'];

/** Events queued per UI; a UI this far behind re-reads the state on `app:ready` anyway. */
export const DEFAULT_OUTBOX_LIMIT = 1000;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutboxOptions {
  send: SendFn;
  limit?: number;
  /**
   * The transport cannot take more now (a slow browser tab). Events then wait, snapshots
   * coalesce, and the host calls `flush()` once the transport drained.
   */
  congested?: () => boolean;
  /** Called instead of dropping the oldest event when the outbox is full (the tab reconnects). */
  onOverflow?: () => void;
  /** Minimum spacing between two snapshots of one channel once ready (0: no spacing). */
  snapshotIntervalMs?: number;
  timers?: Timers;
}

export interface EventOutbox {
  /** Sends at once when ready and the transport is free, else queues. */
  push(channel: EventChannel, payload: unknown): void;
  /** The UI listens now: flush everything queued, in order, then send directly. */
  markReady(): void;
  /** The page is being replaced (reload, crash): queue again until the new page is ready. */
  reset(): void;
  /** Sends what waited for a congested transport. */
  flush(): void;
  /** Stops the snapshot timer (the UI is gone). */
  dispose(): void;
  readonly ready: boolean;
  /** Events dropped because the outbox was full (for logs and tests). */
  readonly dropped: number;
  readonly size: number;
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Creates an outbox delivering through `opts.send`. */
export function createEventOutbox(opts: OutboxOptions): EventOutbox {
  const limit = opts.limit ?? DEFAULT_OUTBOX_LIMIT;
  const congested = opts.congested ?? (() => false);
  const timers = opts.timers ?? defaultTimers;
  const spacing = createSnapshotSpacing(opts.snapshotIntervalMs ?? 0, timers, (ch, p) =>
    enqueue(ch, p),
  );
  let queue: Array<[EventChannel, unknown]> = [];
  let ready = false;
  let dropped = 0;

  const flush = (): void => {
    while (ready && queue.length > 0 && !congested()) {
      const [channel, payload] = queue.shift() as [EventChannel, unknown];
      opts.send(channel, payload);
    }
  };
  function enqueue(channel: EventChannel, payload: unknown): void {
    if (SNAPSHOT_CHANNELS.includes(channel)) queue = queue.filter(([c]) => c !== channel);
    queue.push([channel, payload]);
    if (queue.length > limit) {
      if (opts.onOverflow) {
        queue = [];
        opts.onOverflow();
      } else {
        queue.shift();
      }
      dropped += 1;
    }
    flush();
  }

  return {
    push(channel, payload) {
      if (ready && SNAPSHOT_CHANNELS.includes(channel)) spacing.offer(channel, payload);
      else enqueue(channel, payload);
    },
    markReady() {
      ready = true;
      flush();
    },
    reset() {
      ready = false;
    },
    flush,
    dispose: () => spacing.dispose(),
    get ready() {
      return ready;
    },
    get dropped() {
      return dropped;
    },
    get size() {
      return queue.length;
    },
  };
}

interface SnapshotSpacing {
  offer(channel: EventChannel, payload: unknown): void;
  dispose(): void;
}

/** Leading edge at once, then at most one (the newest) per interval and channel. */
function createSnapshotSpacing(ms: number, timers: Timers, pass: SendFn): SnapshotSpacing {
  const windows = new Map<EventChannel, { handle: unknown; held?: { payload: unknown } }>();
  const open = (channel: EventChannel): void => {
    const handle = timers.set(() => {
      const w = windows.get(channel);
      windows.delete(channel);
      if (w?.held) {
        open(channel);
        pass(channel, w.held.payload);
      }
    }, ms);
    windows.set(channel, { handle });
  };
  return {
    offer(channel, payload) {
      if (ms <= 0) return pass(channel, payload);
      const w = windows.get(channel);
      if (w) {
        w.held = { payload };
        return;
      }
      open(channel);
      pass(channel, payload);
    },
    dispose() {
      for (const w of windows.values()) timers.clear(w.handle);
      windows.clear();
    },
  };
}
