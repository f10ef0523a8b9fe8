/**
 * Deterministic byte streams for transfer tests: xorshift32 seeded from `seed`, emitted as
 * little-endian 32-bit words. Chunking never changes the bytes, so any prefix can be re-derived.
 */
import { createHash } from 'node:crypto';

const CHUNK = 64 * 1024;

/** Turns a seed given as text (`/bytes?seed=S`) into a uint32. Integers map to themselves. */
export function seedOf(text: string | null | undefined): number {
  const s = (text ?? '0').trim();
  if (/^\d+$/.test(s)) return Number(s) >>> 0;
  let h = 0x811c9dc5; // FNV-1a for non-numeric seeds
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Yields exactly `n` deterministic bytes in chunks of at most 64 KiB. */
export function* deterministicBytes(n: number, seed: number): Generator<Buffer> {
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let left = n; left > 0; left -= CHUNK) {
    const words = new Uint32Array(CHUNK / 4);
    for (let i = 0; i < words.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[i] = state;
    }
    const buf = Buffer.from(words.buffer, 0, Math.min(CHUNK, left));
    yield buf;
  }
}

/** sha256 (hex) of `deterministicBytes(n, seed)`. */
export function deterministicSha256(n: number, seed: number): string {
  const hash = createHash('sha256');
  for (const chunk of deterministicBytes(n, seed)) hash.update(chunk);
  return hash.digest('hex');
}

/** Concatenated `deterministicBytes(n, seed)`, for tests that compare whole payloads. */
export function deterministicBuffer(n: number, seed: number): Buffer {
  return Buffer.concat([...deterministicBytes(n, seed)]);
}
