import type { AlignedData } from 'uplot';
import type { RateSample } from '../store/rate-history.ts';

/**
 * uPlot's columns (seconds, up, down) for the window ending now. The engine sends nothing while
 * counters stand still, so an idle stretch is drawn as zero from the last sample to now.
 */
export function toChartData(history: readonly RateSample[], now: number): AlignedData {
  const t: number[] = [];
  const up: number[] = [];
  const down: number[] = [];
  const first = history[0];
  // Traffic starts from nothing: without this a lone first sample is a dot, not a rise.
  if (first && first.up + first.down > 0) {
    t.push((first.t - 1000) / 1000);
    up.push(0);
    down.push(0);
  }
  for (const s of history) {
    t.push(s.t / 1000);
    up.push(s.up);
    down.push(s.down);
  }
  const last = history.at(-1);
  if (last && now - last.t > 1500) {
    t.push(now / 1000);
    up.push(0);
    down.push(0);
  }
  return [t, up, down];
}
