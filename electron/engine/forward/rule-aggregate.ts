/** One rule's connections (open + bounded history) and its exact totals, counts and rates. */
import type { ConnectionView, RuleStats } from '../../../shared/model.ts';
import { createRates, type Rates } from './rates.ts';

export interface Entry {
  view: ConnectionView;
  /** live counters of the connection's stream, read on demand */
  counters?: { bytesUp: number; bytesDown: number };
}

/** Copies live counters into the view. */
export function sync(e: Entry): void {
  if (e.counters) {
    e.view.bytesUp = e.counters.bytesUp;
    e.view.bytesDown = e.counters.bytesDown;
  }
}

export class RuleAggregate {
  readonly open = new Map<string, Entry>();
  readonly history: Entry[] = [];
  total = 0;
  private failed = 0;
  private closedUp = 0;
  private closedDown = 0;
  private readonly rates: Rates = createRates();

  constructor(private readonly historyMax: number) {}

  add(e: Entry): void {
    this.open.set(e.view.id, e);
    this.total++;
  }

  /** Moves a finished connection to history; returns entries evicted from it. */
  finish(e: Entry, failed: boolean): Entry[] {
    sync(e);
    delete e.counters;
    this.open.delete(e.view.id);
    this.closedUp += e.view.bytesUp;
    this.closedDown += e.view.bytesDown;
    if (failed) this.failed++;
    this.history.push(e);
    return this.history.splice(0, Math.max(0, this.history.length - this.historyMax));
  }

  totals(): { up: number; down: number } {
    let up = this.closedUp;
    let down = this.closedDown;
    for (const e of this.open.values()) {
      sync(e);
      up += e.view.bytesUp;
      down += e.view.bytesDown;
    }
    return { up, down };
  }

  /** Samples totals for the rates; true while the rate is not zero yet. */
  sample(t: number): boolean {
    const { up, down } = this.totals();
    this.rates.sample(t, up, down);
    return this.rates.active(t);
  }

  stats(t: number): RuleStats {
    const { up, down } = this.totals();
    const r = this.rates.current(t);
    return {
      open: this.open.size,
      total: this.total,
      failed: this.failed,
      bytesUp: up,
      bytesDown: down,
      rateUp: r.up,
      rateDown: r.down,
    };
  }

  entries(): Entry[] {
    return [...this.history, ...this.open.values()];
  }
}
