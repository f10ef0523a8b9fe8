/** Per-connection rates from successive byte counters, and a short history for the row sparkline. */
import type { ConnectionView } from '../../shared/model.ts';

export interface ConnLive {
  /** when the counters below were seen (ms) */
  at: number;
  bytesUp: number;
  bytesDown: number;
  rateUp: number;
  rateDown: number;
  /** last few total rates (bytes/s), oldest first */
  spark: number[];
}

const SPARK_POINTS = 30;

/** The next live record for a connection seen again at `now`. */
export function nextLive(prev: ConnLive | undefined, c: ConnectionView, now: number): ConnLive {
  const base = { at: now, bytesUp: c.bytesUp, bytesDown: c.bytesDown };
  const done = c.state === 'closed' || c.state === 'failed';
  if (!prev || done) {
    const spark = prev ? [...prev.spark.slice(1 - SPARK_POINTS), 0] : [0];
    return { ...base, rateUp: 0, rateDown: 0, spark };
  }
  const dt = (now - prev.at) / 1000;
  if (dt <= 0) return { ...prev, ...base };
  const rateUp = Math.max(0, (c.bytesUp - prev.bytesUp) / dt);
  const rateDown = Math.max(0, (c.bytesDown - prev.bytesDown) / dt);
  const spark = [...prev.spark.slice(1 - SPARK_POINTS), rateUp + rateDown];
  return { ...base, rateUp, rateDown, spark };
}
