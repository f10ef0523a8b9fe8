/**
 * SPDY/3 header blocks: a count-prefixed name/value list, compressed as ONE continuous zlib stream
 * per direction primed with the SPDY dictionary (draft 3 §2.6.10). We write stored blocks (below)
 * and read with pako, because Node's synchronous zlib closes its engine after one call
 * (docs/kube-wire.md §6.4).
 */
import pako from 'pako';
import { SPDY_DICTIONARY } from './dictionary.ts';

export type SpdyHeaders = Record<string, string>;

const Z_SYNC_FLUSH = 2;
/** zlib output buffer per context: header blocks are ~100 bytes; larger ones take several. */
const HEADER_CHUNK = 4096;

/** Serialises headers to the uncompressed SPDY/3 name/value block; names are lowercased. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses an uncompressed name/value block; throws on truncation. */
export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let off = 0;
  const read = (): Buffer => {
    if (off + 4 > block.length) throw new Error('truncated SPDY header block');
    const len = block.readUInt32BE(off);
    off += 4;
    if (off + len > block.length) throw new Error('truncated SPDY header block');
    const out = block.subarray(off, off + len);
    off += len;
    return out;
  };
  if (block.length < 4) throw new Error('truncated SPDY header block');
  const count = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = read().toString('utf8').toLowerCase();
    headers[name] = read().toString('utf8');
  }
  return headers;
}

/**
 * Compresses header blocks for one direction of one session, as zlib *stored* blocks: a valid zlib
 * stream (header with the dictionary's id, then uncompressed deflate blocks, each ending
 * byte-aligned as a sync flush does) that every inflater reads, at no CPU and no per-session
 * state. Header blocks are ~100 bytes and a session sends two per connection; deflating them was
 * ~7 % of the CPU of opening connections in bursts (--cpu-prof) and a zlib context per session.
 */
export class HeaderCompressor {
  private started = false;

  compress(headers: SpdyHeaders): Buffer {
    const block = encodeHeaderBlock(headers);
    const pieces = Math.max(1, Math.ceil(block.length / STORED_MAX));
    const head = this.started ? 0 : ZLIB_HEADER.length;
    const out = Buffer.allocUnsafe(head + (pieces + 1) * 5 + block.length);
    if (!this.started) ZLIB_HEADER.copy(out, 0);
    this.started = true;
    let o = head;
    for (let i = 0; i < pieces; i++) {
      const from = i * STORED_MAX;
      o = stored(out, o, block.subarray(from, from + STORED_MAX));
    }
    // The empty stored block of a sync flush: Go's inflater (kubelet, kubectl) hands out a stored
    // block's bytes only when it meets this marker (or a full window).
    stored(out, o, block.subarray(0, 0));
    return out;
  }
}

/** Writes one non-final stored deflate block of `data` at `o`; returns the offset after it. */
function stored(out: Buffer, o: number, data: Buffer): number {
  out[o] = 0; // BFINAL 0, BTYPE 00, padded to the byte
  out.writeUInt16LE(data.length, o + 1);
  out.writeUInt16LE(~data.length & 0xffff, o + 3);
  data.copy(out, o + 5);
  return o + 5 + data.length;
}

/** Largest stored deflate block (RFC 1951 §3.2.4). */
const STORED_MAX = 0xffff;

/** RFC 1950 header: deflate with a 32 KiB window, FDICT set, then the SPDY dictionary's Adler-32. */
const ZLIB_HEADER = ((): Buffer => {
  const cmf = 0x78;
  const flg = 0x20 | ((31 - ((cmf * 256 + 0x20) % 31)) % 31);
  const b = Buffer.alloc(6);
  b[0] = cmf;
  b[1] = flg;
  b.writeUInt32BE(adler32(SPDY_DICTIONARY), 2);
  return b;
})();

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Decompresses header blocks for one direction of one session. */
export class HeaderDecompressor {
  // The peer may compress with a 32 KiB window, so ours stays full size; the output buffer does
  // not need pako's 64 KiB default for header blocks of ~100 bytes (RSS per session).
  private readonly inflate = new pako.Inflate({
    dictionary: SPDY_DICTIONARY,
    chunkSize: HEADER_CHUNK,
  });
  private chunks: Uint8Array[] = [];

  constructor() {
    this.inflate.onData = (chunk: Uint8Array) => this.chunks.push(chunk);
  }

  decompress(data: Buffer): SpdyHeaders {
    this.chunks = [];
    const ok = this.inflate.push(data, Z_SYNC_FLUSH);
    if (!ok || this.inflate.err)
      throw new Error(`SPDY header decompression failed: ${this.inflate.msg || 'bad zlib data'}`);
    // pako only hands out a full output buffer; the flushed remainder sits in strm.output.
    // Copy it out and force a fresh buffer next time (zlib's window is separate, so this is safe).
    const strm = (
      this.inflate as unknown as {
        strm: { output: Uint8Array; next_out: number; avail_out: number };
      }
    ).strm;
    if (strm.next_out > 0 && strm.avail_out > 0) {
      this.chunks.push(strm.output.slice(0, strm.next_out));
      strm.avail_out = 0;
    }
    return decodeHeaderBlock(Buffer.concat(this.chunks));
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
