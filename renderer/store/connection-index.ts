/**
 * Connections indexed by rule, newest first, with the finished ones bounded per rule. Pure
 * functions over plain records so the slice stays small and the merge is testable on its own.
 */
import type { ConnectionView } from '../../shared/model.ts';

/** Finished (closed or failed) connections kept per rule; the oldest fall off first. */
export const MAX_FINISHED_PER_RULE = 1000;

const finished = (c: ConnectionView | undefined): boolean =>
  c !== undefined && (c.state === 'closed' || c.state === 'failed');

/** Newest first; equal times by id so the order is stable. */
export function newestFirst(a: ConnectionView, b: ConnectionView): number {
  return b.openedAt - a.openedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Merges new ids into a rule's newest-first list (both sorted); O(n + k). */
export function mergeIds(
  list: readonly string[],
  added: readonly string[],
  byId: Readonly<Record<string, ConnectionView>>,
): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < list.length || j < added.length) {
    const a = list[i];
    const b = added[j];
    const ca = a === undefined ? undefined : byId[a];
    const cb = b === undefined ? undefined : byId[b];
    if (b === undefined || !cb || (a !== undefined && ca && newestFirst(ca, cb) <= 0)) {
      if (a !== undefined) out.push(a);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}

/** Drops the oldest finished connections beyond the bound; returns the kept list and the dropped ids. */
export function trimFinished(
  list: readonly string[],
  byId: Readonly<Record<string, ConnectionView>>,
  max = MAX_FINISHED_PER_RULE,
): { kept: readonly string[]; dropped: string[] } {
  if (list.length <= max) return { kept: list, dropped: [] };
  let count = 0;
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const id of list) {
    if (finished(byId[id]) && ++count > max) dropped.push(id);
    else kept.push(id);
  }
  return dropped.length ? { kept, dropped } : { kept: list, dropped };
}
