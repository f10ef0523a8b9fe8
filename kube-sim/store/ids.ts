/** Identifiers as Kubernetes makes them: uids, name suffixes, template hashes, timestamps. */
import { randomInt, randomUUID } from 'node:crypto';

// k8s.io/apimachinery/pkg/util/rand: no vowels (no words) and no look-alikes (0/o, 1/l).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A new object uid. */
export function newUid(): string {
  return randomUUID();
}

/** `n` random characters, as used for generateName and pod names of ReplicaSets. */
export function randomSuffix(n = 5): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return out;
}

/** Maps every character to the safe alphabet, like rand.SafeEncodeString. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length];
  return out;
}

/** Deterministic short hash of any JSON value (FNV-1a 32 over its canonical JSON), safe-encoded. */
export function shortHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(canonicalJson(value))) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return safeEncode(String(h));
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** RFC 3339 with second precision, the format of metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
