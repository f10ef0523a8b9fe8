/**
 * Scenario "slow reader": one connection stops reading while another downloads. A forwarder that
 * multiplexes connections over one stream without per-connection flow control stalls both.
 */
import { deterministicSha256 } from '../kube-sim/apps/index.ts';
import { deadline, InvalidSample, stalledReader, startDownload } from './clients.ts';
import type { Scenario, Sizes } from './scenarios.ts';
import { MiB, mibps } from './stats.ts';

/** What the stalled connection asks for: far more than kernel and forwarder buffers hold. */
const STALLED_BYTES = 32 * MiB;
const STALLED_SEED = 7;

/** Checks a finished transfer against the deterministic stream it asked for. */
function verify(
  got: { bytes: number; sha256: string },
  n: number,
  sha: string,
  what: string,
): void {
  if (got.bytes !== n || got.sha256 !== sha)
    throw new InvalidSample(`${what} moved ${got.bytes} B with the wrong sha256 or size`);
}

/** Download beside a connection whose reader stalls: per-connection backpressure, or head-of-line blocking. */
export function slowReader(s: Sizes): Scenario {
  const seed = 3;
  const bytes = s.slowReaderBytes;
  let expected: string | undefined;
  let stalledSha: string | undefined;
  return {
    id: 'slow-reader',
    title: `download ${bytes / MiB} MiB while another connection stalls its reader`,
    unit: 'MiB/s',
    better: 'higher',
    async sample(ports) {
      expected ??= deterministicSha256(bytes, seed);
      stalledSha ??= deterministicSha256(STALLED_BYTES, STALLED_SEED);
      const stalled = await stalledReader(ports.source, STALLED_BYTES, STALLED_SEED);
      const t0 = performance.now();
      const d = startDownload(ports.source, bytes, seed);
      const inTime = await finishedWithin(d.done, s.stallDeadlineMs);
      const ms = performance.now() - t0;
      const stalledAt = d.received();
      // Released either way, and the measured download is then let finish: connections close the
      // ordinary way, so nothing keeps the forwarder or kube-sim busy into the next sample.
      try {
        verify(
          await stalled.release(s.bulkDeadlineMs),
          STALLED_BYTES,
          stalledSha,
          'the stalled connection',
        );
        const after = deadline(d.done, s.bulkDeadlineMs, 'download after the release', d.destroy);
        verify(await after, bytes, expected, 'the download');
      } finally {
        d.destroy();
      }
      if (!inTime) {
        const got = `${(stalledAt / MiB).toFixed(1)} of ${bytes / MiB} MiB`;
        throw new InvalidSample(
          `stalled: ${got} in ${s.stallDeadlineMs} ms (completed once the other reader resumed)`,
        );
      }
      return { value: mibps(bytes, ms), detail: { ms } };
    },
  };
}

/** True when `work` settles within `ms` (its outcome is the caller's to await). */
function finishedWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = work.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
