/**
 * SPDY/3 frame codec (draft 3 §2.2–2.6): an incremental parser and a writer, each owning the
 * zlib context of its direction. Only what kubectl (moby/spdystream) sends or expects is modelled;
 * SETTINGS and WINDOW_UPDATE are parsed and ignored because spdystream has no flow control.
 */
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './headers.ts';

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const RST_PROTOCOL_ERROR = 1;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const GOAWAY_OK = 0;
export const GOAWAY_PROTOCOL_ERROR = 1;
const MAX_LENGTH = 0xffffff;

/** Control frame types; SETTINGS (4) and WINDOW_UPDATE (9) are parsed as 'ignored'. */
const Type = { SynStream: 1, SynReply: 2, RstStream: 3, Ping: 6, GoAway: 7, Headers: 8 } as const;

export type SpdyFrame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { type: 'syn_stream'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'headers'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'ignored'; frameType: number };

/** Thrown for bytes that are not SPDY/3; the session answers with GOAWAY and closes. */
export class SpdyProtocolError extends Error {}

/** Turns a byte stream (arbitrary chunking) into frames. */
export class FrameParser {
  private chunks: Buffer[] = [];
  private length = 0;
  private readonly headers = new HeaderDecompressor();

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
    const fin = (flags & FLAG_FIN) !== 0;
    switch (type) {
      case Type.SynStream:
        need(10);
        return {
          type: 'syn_stream',
          streamId: id(body),
          fin,
          headers: this.inflate(body.subarray(10)),
        };
      case Type.SynReply:
        need(4);
        return {
          type: 'syn_reply',
          streamId: id(body),
          fin,
          headers: this.inflate(body.subarray(4)),
        };
      case Type.Headers:
        need(4);
        return {
          type: 'headers',
          streamId: id(body),
          fin,
          headers: this.inflate(body.subarray(4)),
        };
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
    try {
      return this.headers.decompress(block);
    } catch (err) {
      throw new SpdyProtocolError((err as Error).message);
    }
  }
}

/** Builds frames for one direction; header blocks share this writer's zlib context. */
export class FrameWriter {
  private readonly headers = new HeaderCompressor();

  data(streamId: number, data: Buffer, fin = false): Buffer {
    if (data.length > MAX_LENGTH) throw new RangeError('SPDY DATA frame too large');
    const frame = Buffer.allocUnsafe(8 + data.length);
    frame.writeUInt32BE(streamId & 0x7fffffff, 0);
    frame.writeUInt32BE((((fin ? FLAG_FIN : 0) << 24) | data.length) >>> 0, 4);
    data.copy(frame, 8);
    return frame;
  }

  synStream(streamId: number, headers: SpdyHeaders, fin = false): Buffer {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt32BE(streamId, 0);
    return control(
      Type.SynStream,
      fin ? FLAG_FIN : 0,
      Buffer.concat([fixed, this.headers.compress(headers)]),
    );
  }

  synReply(streamId: number, headers: SpdyHeaders = {}, fin = false): Buffer {
    return control(
      Type.SynReply,
      fin ? FLAG_FIN : 0,
      Buffer.concat([u32(streamId), this.headers.compress(headers)]),
    );
  }

  rstStream(streamId: number, status: number): Buffer {
    return control(Type.RstStream, 0, Buffer.concat([u32(streamId), u32(status)]));
  }

  ping(id: number): Buffer {
    return control(Type.Ping, 0, u32(id));
  }

  goAway(lastGoodStreamId: number, status: number): Buffer {
    return control(Type.GoAway, 0, Buffer.concat([u32(lastGoodStreamId), u32(status)]));
  }
}

function control(type: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE((flags << 24) | body.length, 4);
  return Buffer.concat([head, body]);
}

function id(body: Buffer): number {
  return body.readUInt32BE(0) & 0x7fffffff;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
