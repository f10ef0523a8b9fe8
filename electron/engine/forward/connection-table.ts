/**
 * Every connection's record, per-rule aggregates and rates, and the batched delta stream
 * (changed connections only, at most one delta per `intervalMs`). Byte counts are read from the
 * live stream at flush time, so counting costs nothing per chunk and stays exact.
 */
import type { ConnectionView, ConnectionsDelta, RuleStats } from '../../../shared/model.ts';
import type { Clock } from '../clock.ts';
import { RuleAggregate, sync, type Entry } from './rule-aggregate.ts';

export type ConnectionPatch = Partial<
  Pick<ConnectionView, 'route' | 'pod' | 'remote' | 'state' | 'reason'>
>;

export interface ConnectionHandle {
  readonly id: string;
  set(patch: ConnectionPatch): void;
  /** Where exact byte counts are read from while the connection lives. */
  countFrom(counters: { bytesUp: number; bytesDown: number }): void;
  /** Bytes moved: include this connection in the next delta. */
  touch(): void;
  finish(state: 'closed' | 'failed', reason?: string): void;
  readonly done: boolean;
}

export interface ConnectionTable {
  create(ruleId: string, peer: string): ConnectionHandle;
  list(ruleId?: string): ConnectionView[];
  stats(ruleId: string): RuleStats;
  /** Forgets a removed rule's connections (they appear in `removed` of the next delta). */
  dropRule(ruleId: string): void;
  onDelta(listener: (delta: ConnectionsDelta) => void): () => void;
  /** Called after a flush that moved some rule's aggregates. */
  onStats(listener: () => void): () => void;
  dispose(): void;
}

export interface TableOptions {
  clock: Clock;
  intervalMs?: number;
  historyPerRule?: number;
}

export function createConnectionTable(opts: TableOptions): ConnectionTable {
  const { clock } = opts;
  const interval = opts.intervalMs ?? 100;
  const historyMax = opts.historyPerRule ?? 200;
  const rules = new Map<string, RuleAggregate>();
  const changed = new Map<string, Entry>();
  const removed = new Set<string>();
  const deltaListeners = new Set<(d: ConnectionsDelta) => void>();
  const statsListeners = new Set<() => void>();
  let seq = 0;
  let cancelFlush: (() => void) | undefined;
  let lastFlush = -Infinity;

  const agg = (ruleId: string): RuleAggregate => {
    let a = rules.get(ruleId);
    if (!a) rules.set(ruleId, (a = new RuleAggregate(historyMax)));
    return a;
  };

  const schedule = (delay?: number): void => {
    if (cancelFlush) return;
    const wait = delay ?? Math.max(0, lastFlush + interval - clock.now());
    cancelFlush = clock.setTimeout(flush, wait);
  };
  const mark = (e: Entry): void => {
    changed.set(e.view.id, e);
    schedule();
  };

  function flush(): void {
    cancelFlush = undefined;
    lastFlush = clock.now();
    const upserted = [...changed.values()].map((e) => (sync(e), { ...e.view }));
    const delta: ConnectionsDelta = { upserted, removed: [...removed] };
    changed.clear();
    removed.clear();
    let moving = false;
    for (const a of rules.values()) if (a.sample(lastFlush)) moving = true;
    if (delta.upserted.length || delta.removed.length)
      for (const l of [...deltaListeners]) l(delta);
    for (const l of [...statsListeners]) l();
    // Keep sampling while bytes flow or rates still have to decay to zero.
    if (moving) schedule(Math.max(interval, 250));
  }

  const finishEntry = (ruleId: string, e: Entry, state: 'closed' | 'failed', reason?: string) => {
    e.view.state = state;
    e.view.closedAt = clock.now();
    if (reason) e.view.reason = reason;
    for (const old of agg(ruleId).finish(e, state === 'failed')) {
      changed.delete(old.view.id);
      removed.add(old.view.id);
    }
    mark(e);
  };

  return {
    create(ruleId, peer) {
      const id = `c${++seq}`;
      const e: Entry = {
        view: {
          id,
          ruleId,
          peer,
          state: 'connecting',
          bytesUp: 0,
          bytesDown: 0,
          openedAt: clock.now(),
        },
      };
      agg(ruleId).add(e);
      mark(e);
      let done = false;
      return {
        id,
        set(patch) {
          if (done) return;
          Object.assign(e.view, patch);
          mark(e);
        },
        countFrom(counters) {
          e.counters = counters;
        },
        touch() {
          if (!done) mark(e);
        },
        finish(state, reason) {
          if (done) return;
          done = true;
          finishEntry(ruleId, e, state, reason);
        },
        get done() {
          return done;
        },
      };
    },
    list(ruleId) {
      const out: ConnectionView[] = [];
      for (const [id, a] of rules) {
        if (ruleId !== undefined && id !== ruleId) continue;
        for (const e of a.entries()) out.push((sync(e), { ...e.view }));
      }
      return out.sort(
        (x, y) => x.openedAt - y.openedAt || Number(x.id.slice(1)) - Number(y.id.slice(1)),
      );
    },
    stats(ruleId) {
      return (rules.get(ruleId) ?? new RuleAggregate(0)).stats(clock.now());
    },
    dropRule(ruleId) {
      const a = rules.get(ruleId);
      if (!a) return;
      for (const e of a.entries()) {
        changed.delete(e.view.id);
        removed.add(e.view.id);
      }
      rules.delete(ruleId);
      schedule();
    },
    onDelta(l) {
      deltaListeners.add(l);
      return () => deltaListeners.delete(l);
    },
    onStats(l) {
      statsListeners.add(l);
      return () => statsListeners.delete(l);
    },
    dispose() {
      cancelFlush?.();
      cancelFlush = undefined;
      deltaListeners.clear();
      statsListeners.clear();
    },
  };
}
