/**
 * "A deleted pod is replaced after a delay": controllers note when one of their pods disappears
 * without them asking for it, and hold back the replacement until `delayMs` later.
 */
import type { Store } from '../store/store.ts';
import type { StoreEvent } from '../store/types.ts';
import { controllerOf } from './owned.ts';

export interface ReplaceDelay {
  /** The controller itself is deleting this pod (scale down, rollout): not a loss. */
  expect(podUid: string): void;
  /** Milliseconds to wait before creating a replacement for `ownerUid` (0 = now). */
  waitMs(ownerUid: string, now: number): number;
}

/**
 * Tracks losses by listening to `store`. Create it before the controller manager so it sees each
 * event before any controller reacts to it.
 */
export function createReplaceDelay(store: Store, delayMs: number): ReplaceDelay & { stop(): void } {
  const lastLoss = new Map<string, number>();
  const expected = new Set<string>();
  const observe = (ev: StoreEvent, now: number) => {
    if (ev.resource !== 'pods') return;
    const startedTerminating =
      ev.type === 'MODIFIED' &&
      ev.object.metadata.deletionTimestamp &&
      !ev.old?.metadata.deletionTimestamp;
    const vanished = ev.type === 'DELETED' && !ev.old?.metadata.deletionTimestamp;
    if (!startedTerminating && !vanished) return;
    const owner = controllerOf(ev.object);
    if (!owner) return;
    if (expected.delete(ev.object.metadata.uid)) return;
    lastLoss.set(owner.uid, now);
  };
  const stop = store.subscribe((ev) => observe(ev, store.now()));
  return {
    stop,
    expect(podUid) {
      expected.add(podUid);
    },
    waitMs(ownerUid, now) {
      const at = lastLoss.get(ownerUid);
      return at === undefined ? 0 : Math.max(0, at + delayMs - now);
    },
  };
}
