/** Bytes-per-second over a sliding window, from cumulative totals sampled at flush times. */
export interface Rates {
  sample(t: number, up: number, down: number): void;
  current(t: number): { up: number; down: number };
  /** True while the rate over the window is not zero. */
  active(t: number): boolean;
}

export function createRates(windowMs = 2000): Rates {
  const samples: Array<{ t: number; up: number; down: number }> = [];
  const trim = (t: number): void => {
    // Keep one sample at or before the window start as the baseline.
    while (samples.length > 2 && (samples[1]?.t ?? Infinity) <= t - windowMs) samples.shift();
  };
  const current = (t: number): { up: number; down: number } => {
    trim(t);
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.t <= first.t) return { up: 0, down: 0 };
    const secs = (last.t - first.t) / 1000;
    return { up: (last.up - first.up) / secs, down: (last.down - first.down) / secs };
  };
  return {
    sample(t, up, down) {
      samples.push({ t, up, down });
      trim(t);
    },
    current,
    active(t) {
      const r = current(t);
      return r.up > 0 || r.down > 0;
    },
  };
}
