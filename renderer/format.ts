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
