/** Summaries of repeated samples: median and spread, never a mean that one outlier can drag. */

export const MiB = 1024 * 1024;

/** Throughput in MiB/s. */
export const mibps = (bytes: number, ms: number): number => bytes / MiB / (ms / 1000);

export interface Summary {
  /** Valid samples. */
  n: number;
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, as a fraction; 0 for one sample. */
  spread: number;
}

/** The p-quantile (0..1) of sorted values, by linear interpolation. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median, min, max and relative spread; undefined when there is no valid sample. */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { n: sorted.length, median, min, max, spread: median > 0 ? (max - min) / median : 0 };
}
