/**
 * SPDY/3 header blocks: a count-prefixed name/value list, compressed as ONE continuous zlib stream
 * per direction primed with the SPDY dictionary (draft 3 §2.6.10). pako is used because Node's
 * synchronous zlib closes its engine after one call (docs/kube-wire.md §6.4).
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

/** Compresses header blocks for one direction of one session. */
export class HeaderCompressor {
  /**
   * A 2 KiB window (the 1,423-byte dictionary plus a header block) and the smallest hash: every
   * session owns one of these, and zlib's defaults (32 KiB window, memLevel 8) allocate ~256 KiB
   * per session for header blocks of ~100 bytes, which made garbage collection a large share of
   * opening many sessions at once (--cpu-prof). Any inflater with a larger window reads it.
   */
  private readonly deflate = new pako.Deflate({
    dictionary: SPDY_DICTIONARY,
    windowBits: 11,
    memLevel: 1,
    chunkSize: HEADER_CHUNK,
  });
  private chunks: Uint8Array[] = [];

  constructor() {
    this.deflate.onData = (chunk: Uint8Array) => this.chunks.push(chunk.slice());
  }

  compress(headers: SpdyHeaders): Buffer {
    this.chunks = [];
    this.deflate.push(encodeHeaderBlock(headers), Z_SYNC_FLUSH);
    if (this.deflate.err) throw new Error(`SPDY header compression failed: ${this.deflate.msg}`);
    return Buffer.concat(this.chunks);
  }
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
