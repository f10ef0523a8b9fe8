/** Human-readable numbers for counters. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `1536` → `1.5 KiB`; exact below 1 KiB so small counters stay checkable by eye. */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${UNITS[u]}`;
}

/** The target as a user wrote it, with namespace and context when given. */
export function formatTarget(target?: string, namespace?: string, context?: string): string {
  const parts = [target && target !== 'targetless' ? target : 'targetless'];
  if (namespace) parts.push(`ns ${namespace}`);
  if (context) parts.push(`ctx ${context}`);
  return parts.join(' · ');
}

/** `1536` → `1.5 KiB/s`; zero stays short. */
export function formatRate(bytesPerSec: number): string {
  return bytesPerSec < 1 ? '0 B/s' : `${formatBytes(Math.round(bytesPerSec))}/s`;
}

/** `65_000` → `1m 05s`; below a minute `12.3s`, above an hour `2h 03m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
