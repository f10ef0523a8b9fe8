/**
 * The incremental SPDY/3 frame parser (frames.ts has the types and the writer): turns a byte
 * stream, however it is cut, into frames, inflating header blocks with its direction's zlib context.
 */
import { FLAG_FIN, SPDY_VERSION, SpdyProtocolError, Type, id, type SpdyFrame } from './frames.ts';
import { errorText } from '../../../../shared/errors.ts';
import { HeaderDecompressor, type SpdyHeaders } from './headers.ts';

export interface FrameParserOptions {
  /**
   * false: header blocks are skipped, not inflated, and their frames carry no headers. The tunnel
   * client reads nothing in them (a SYN_REPLY only accepts a stream), so it keeps no zlib context
   * (a 32 KiB window per session) and spends nothing per stream on them.
   */
  decodeHeaders?: boolean;
}

const NO_HEADERS: SpdyHeaders = Object.freeze({});

/** Control frames that carry a header block, by type: their kind and the fixed bytes before it. */
const WITH_HEADERS = new Map<number, readonly ['syn_stream' | 'syn_reply' | 'headers', number]>([
  [Type.SynStream, ['syn_stream', 10]],
  [Type.SynReply, ['syn_reply', 4]],
  [Type.Headers, ['headers', 4]],
]);

/** Turns a byte stream (arbitrary chunking) into frames. */
export class FrameParser {
  private chunks: Buffer[] = [];
  private length = 0;
  private readonly headers: HeaderDecompressor | undefined;

  constructor(opts: FrameParserOptions = {}) {
    if (opts.decodeHeaders !== false) this.headers = new HeaderDecompressor();
  }

  push(chunk: Buffer): SpdyFrame[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const frames: SpdyFrame[] = [];
    while (this.length >= 8) {
      const total = 8 + this.lengthField();
      if (this.length < total) break;
      frames.push(this.decode(this.take(total)));
    }
    return frames;
  }

  /** The 24-bit length of the frame at the front (needs 8 buffered bytes). */
  private lengthField(): number {
    const head = this.chunks[0]!;
    if (head.length >= 8) return head.readUIntBE(5, 3);
    return this.gather(8).readUIntBE(5, 3);
  }

  /**
   * The next `n` bytes: a view when the first chunk holds them (the common case, no copy), else
   * one new buffer of exactly `n` bytes, so no byte is copied twice however the input is cut.
   */
  private take(n: number): Buffer {
    const head = this.chunks[0]!;
    const out = head.length >= n ? head.subarray(0, n) : this.gather(n);
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      if (first.length <= n) {
        this.chunks.shift();
        n -= first.length;
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
    return out;
  }

  /** A copy of the first `n` buffered bytes (n ≤ length), leaving the chunks as they are. */
  private gather(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let o = 0;
    for (const c of this.chunks) {
      o += c.copy(out, o, 0, Math.min(c.length, n - o));
      if (o === n) break;
    }
    return out;
  }

  private decode(frame: Buffer): SpdyFrame {
    const flags = frame[4]!;
    const body = frame.subarray(8);
    if ((frame[0]! & 0x80) === 0) {
      return {
        type: 'data',
        streamId: frame.readUInt32BE(0) & 0x7fffffff,
        fin: (flags & FLAG_FIN) !== 0,
        data: body,
      };
    }
    const version = frame.readUInt16BE(0) & 0x7fff;
    if (version !== SPDY_VERSION)
      throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
    return this.decodeControl(frame.readUInt16BE(2), flags, body);
  }

  private decodeControl(type: number, flags: number, body: Buffer): SpdyFrame {
    const need = (n: number): void => {
      if (body.length < n) throw new SpdyProtocolError(`short SPDY control frame of type ${type}`);
    };
    const withHeaders = WITH_HEADERS.get(type);
    if (withHeaders) {
      const [kind, fixed] = withHeaders;
      need(fixed);
      const headers = this.inflate(body.subarray(fixed));
      return { type: kind, streamId: id(body), fin: (flags & FLAG_FIN) !== 0, headers };
    }
    switch (type) {
      case Type.RstStream:
        need(8);
        return { type: 'rst_stream', streamId: id(body), status: body.readUInt32BE(4) };
      case Type.Ping:
        need(4);
        return { type: 'ping', id: body.readUInt32BE(0) };
      case Type.GoAway:
        need(8);
        return { type: 'goaway', lastGoodStreamId: id(body), status: body.readUInt32BE(4) };
      default:
        return { type: 'ignored', frameType: type };
    }
  }

  private inflate(block: Buffer): SpdyHeaders {
    if (!this.headers) return NO_HEADERS;
    try {
      return this.headers.decompress(block);
    } catch (err) {
      throw new SpdyProtocolError(errorText(err));
    }
  }
}
