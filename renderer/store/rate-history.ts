/** Bounded per-rule throughput history for the charts: about one sample a second, last 5 minutes. */

export interface RateSample {
  /** ms since the epoch */
  t: number;
  up: number;
  down: number;
}

export const HISTORY_MS = 5 * 60_000;
const SAMPLE_MS = 1000;
const MAX_SAMPLES = HISTORY_MS / SAMPLE_MS + 1;

/**
 * A new history with this sample: it replaces the last one when less than a second apart (the
 * engine sends up to 10 batches a second), and samples older than the window fall off.
 */
export function pushSample(
  history: readonly RateSample[] | undefined,
  s: RateSample,
): RateSample[] {
  const prev = history ?? [];
  const last = prev.at(-1);
  const keep = last && s.t - last.t < SAMPLE_MS ? prev.slice(0, -1) : prev.slice();
  // The replaced sample keeps its time so points stay about a second apart.
  keep.push(last && keep.length < prev.length ? { ...s, t: last.t } : s);
  let drop = 0;
  while (drop < keep.length && (keep[drop]?.t ?? 0) < s.t - HISTORY_MS) drop++;
  const start = Math.max(drop, keep.length - MAX_SAMPLES);
  return start > 0 ? keep.slice(start) : keep;
}
