/**
 * Per-window outbox for contract events. A renderer that has not bound its listeners yet would
 * silently drop what we send, so events wait here until it invokes `app:ready`, then flow in order.
 */
import type { EventChannel } from '../../shared/contract.ts';

export type SendFn = (channel: EventChannel, payload: unknown) => void;

export interface EventQueue {
  /** Sends at once when the renderer is ready, else queues (oldest dropped beyond the limit). */
  push(channel: EventChannel, payload: unknown): void;
  /** The renderer listens now: flush everything queued, in order, then send directly. */
  markReady(): void;
  /** The page is being replaced (reload, crash): queue again until the new page is ready. */
  reset(): void;
  readonly ready: boolean;
  /** How many events were dropped because the queue was full (for logs and tests). */
  readonly dropped: number;
}

/**
 * Queued events are bounded: a window that never becomes ready must not grow memory without
 * limit. Losing the oldest deltas is safe because a page lists rules and connections right after
 * `app:ready`, which supersedes anything older.
 */
export const DEFAULT_QUEUE_LIMIT = 1000;

/** Creates an outbox delivering through `send`. */
export function createEventQueue(send: SendFn, limit = DEFAULT_QUEUE_LIMIT): EventQueue {
  let pending: Array<[EventChannel, unknown]> = [];
  let ready = false;
  let dropped = 0;
  return {
    push(channel, payload) {
      if (ready) {
        send(channel, payload);
        return;
      }
      pending.push([channel, payload]);
      if (pending.length > limit) {
        pending.shift();
        dropped += 1;
      }
    },
    markReady() {
      ready = true;
      const batch = pending;
      pending = [];
      for (const [channel, payload] of batch) send(channel, payload);
    },
    reset() {
      ready = false;
    },
    get ready() {
      return ready;
    },
    get dropped() {
      return dropped;
    },
  };
}
