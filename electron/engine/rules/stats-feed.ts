/** Turns "some aggregates moved" into a delta of only the rules whose counters changed. */
import type { RuleStats, RuleStatsDelta } from '../../../shared/model.ts';

const same = (a: RuleStats, b: RuleStats): boolean =>
  a.open === b.open &&
  a.total === b.total &&
  a.failed === b.failed &&
  a.bytesUp === b.bytesUp &&
  a.bytesDown === b.bytesDown &&
  a.rateUp === b.rateUp &&
  a.rateDown === b.rateDown;

export interface StatsFeed {
  /** Stats of `ids` that differ from what was last sent (or seen); forgets ids not listed. */
  changes(ids: string[], stats: (id: string) => RuleStats): RuleStatsDelta;
  /** Records what a full rule list carried, so the next delta does not repeat it. */
  seen(id: string, stats: RuleStats): void;
}

export function createStatsFeed(): StatsFeed {
  let last = new Map<string, RuleStats>();
  return {
    changes(ids, stats) {
      const next = new Map<string, RuleStats>();
      const delta: RuleStatsDelta = [];
      for (const id of ids) {
        const s = stats(id);
        next.set(id, s);
        const before = last.get(id);
        if (!before || !same(before, s)) delta.push({ id, stats: s });
      }
      last = next;
      return delta;
    },
    seen: (id, s) => void last.set(id, s),
  };
}
