/** CPU time a process used (user + system), from /proc, to report forwarder cost per sample. */
import { readFileSync } from 'node:fs';

/** USER_HZ: Linux reports /proc/PID/stat times in 1/100 s on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds used so far by `pid`, or undefined when /proc cannot tell (not Linux, process gone). */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the given processes together use at most `maxMs` CPU over a `windowMs` window, so a
 * sample never starts while another one's leftovers still run. Resolves false after `deadlineMs`.
 */
export async function waitQuiet(
  pids: readonly (number | undefined)[],
  { windowMs = 200, maxMs = 20, deadlineMs = 10_000 } = {},
): Promise<boolean> {
  const total = (): number => pids.reduce<number>((sum, pid) => sum + (cpuMs(pid) ?? 0), 0);
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (total() - before <= maxMs) return true;
  }
  return false;
}

/** Resident set size of `pid` in KiB (VmRSS), or undefined when /proc cannot tell. */
export function rssKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples VmRSS every `everyMs` until stopped; stop() gives the peak in KiB (undefined: no /proc). */
export function sampleRss(pid: number | undefined, everyMs = 50): { stop(): number | undefined } {
  let peak: number | undefined;
  const take = (): void => {
    const v = rssKiB(pid);
    if (v !== undefined) peak = Math.max(peak ?? 0, v);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
