/**
 * SPDY/3 frames (draft 3 §2.2–2.6): the shared constants and types, and the writer; the parser is
 * in frame-parser.ts. Only what kubectl (moby/spdystream) sends or expects is modelled; SETTINGS
 * and WINDOW_UPDATE are parsed and ignored because spdystream has no flow control.
 */
import { HeaderCompressor, type SpdyHeaders } from './headers.ts';

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const RST_PROTOCOL_ERROR = 1;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const GOAWAY_OK = 0;
export const GOAWAY_PROTOCOL_ERROR = 1;
const MAX_LENGTH = 0xffffff;

/** Control frame types; SETTINGS (4) and WINDOW_UPDATE (9) are parsed as 'ignored'. */
export const Type = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
} as const;

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

/** Builds frames for one direction; header blocks share this writer's zlib context. */
export class FrameWriter {
  private readonly headers = new HeaderCompressor();

  data(streamId: number, data: Buffer, fin = false): Buffer {
    const frame = Buffer.allocUnsafe(8 + data.length);
    this.putDataHeader(frame, streamId, data.length, fin);
    data.copy(frame, 8);
    return frame;
  }

  /** The 8 bytes in front of a DATA payload of `length`, for a payload sent without a copy. */
  dataHeader(streamId: number, length: number, fin = false): Buffer {
    const head = Buffer.allocUnsafe(8);
    this.putDataHeader(head, streamId, length, fin);
    return head;
  }

  private putDataHeader(out: Buffer, streamId: number, length: number, fin: boolean): void {
    if (length > MAX_LENGTH) throw new RangeError('SPDY DATA frame too large');
    out.writeUInt32BE(streamId & 0x7fffffff, 0);
    out.writeUInt32BE((((fin ? FLAG_FIN : 0) << 24) | length) >>> 0, 4);
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

/** The 31-bit stream id at the start of a control frame's body. */
export function id(body: Buffer): number {
  return body.readUInt32BE(0) & 0x7fffffff;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
