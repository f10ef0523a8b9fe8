import { deflateSync, inflateSync, constants } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPDY_DICTIONARY } from './dictionary.ts';
import { FrameParser } from './frame-parser.ts';
import { FrameWriter, SpdyProtocolError, type SpdyFrame } from './frames.ts';
import {
  HeaderCompressor,
  HeaderDecompressor,
  decodeHeaderBlock,
  encodeHeaderBlock,
  type SpdyHeaders,
} from './headers.ts';

/** Feeds `bytes` to `parser` cut at the given offsets. */
function feed(parser: FrameParser, bytes: Buffer, cuts: number[]): SpdyFrame[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const frames: SpdyFrame[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    frames.push(...parser.push(bytes.subarray(prev, p)));
    prev = p;
  }
  return frames;
}

describe('SPDY/3 dictionary', () => {
  it('has the draft-3 length and layout', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423);
    const text = Buffer.from(SPDY_DICTIONARY).toString('latin1');
    expect(text.startsWith('\0\0\0\x07options\0\0\0\x04head')).toBe(true);
    expect(text.endsWith('utf-,*,enq=0.')).toBe(true);
  });
});

describe('SPDY header blocks', () => {
  it('round-trips name/value blocks and lowercases names', () => {
    const block = encodeHeaderBlock({ StreamType: 'data', port: '80', requestid: '0' });
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
    expect(() => decodeHeaderBlock(block.subarray(0, block.length - 1))).toThrow(/truncated/);
  });

  it('decodes blocks compressed by another zlib (node) with the dictionary and sync flush', () => {
    const block = encodeHeaderBlock({ streamtype: 'error', port: '8080' });
    const compressed = deflateSync(block, {
      dictionary: SPDY_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    expect(new HeaderDecompressor().decompress(compressed)).toEqual({
      streamtype: 'error',
      port: '8080',
    });
  });

  it('writes one zlib stream that zlib itself reads, with the dictionary, block after block', () => {
    const c = new HeaderCompressor();
    const big = 'x'.repeat(70_000); // more than one stored block
    const sent: SpdyHeaders[] = [{ streamtype: 'error', port: '80' }, { a: big }, {}];
    const stream = Buffer.concat(sent.map((h) => c.compress(h)));
    const plain = inflateSync(stream, {
      dictionary: SPDY_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    expect(plain).toEqual(Buffer.concat(sent.map(encodeHeaderBlock)));
    const d = new HeaderDecompressor();
    const c2 = new HeaderCompressor();
    for (const h of sent) expect(d.decompress(c2.compress(h))).toEqual(h);
  });

  it('is refused by an inflater primed with another dictionary (the header names ours)', () => {
    const stream = new HeaderCompressor().compress({ port: '80' });
    expect(() => inflateSync(stream, { dictionary: Buffer.from('not spdy') })).toThrow();
  });
});

describe('SPDY frame codec', () => {
  it('round-trips every frame kind through one continuous zlib context, however it is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(4000), { maxLength: 12 }),
        fc.uint8Array({ maxLength: 3000 }),
        (cuts, payload) => {
          const w = new FrameWriter();
          const bytes = Buffer.concat([
            w.synStream(1, { streamtype: 'error', port: '80', requestid: '0' }, true),
            w.synStream(3, { streamtype: 'data', port: '80', requestid: '0' }),
            w.synReply(3),
            w.data(3, Buffer.from(payload)),
            w.data(3, Buffer.alloc(0), true),
            w.rstStream(3, 5),
            w.ping(7),
            w.goAway(3, 0),
          ]);
          const frames = feed(new FrameParser(), bytes, cuts);
          expect(frames).toEqual([
            {
              type: 'syn_stream',
              streamId: 1,
              fin: true,
              headers: { streamtype: 'error', port: '80', requestid: '0' },
            },
            {
              type: 'syn_stream',
              streamId: 3,
              fin: false,
              headers: { streamtype: 'data', port: '80', requestid: '0' },
            },
            { type: 'syn_reply', streamId: 3, fin: false, headers: {} },
            { type: 'data', streamId: 3, fin: false, data: Buffer.from(payload) },
            { type: 'data', streamId: 3, fin: true, data: Buffer.alloc(0) },
            { type: 'rst_stream', streamId: 3, status: 5 },
            { type: 'ping', id: 7 },
            { type: 'goaway', lastGoodStreamId: 3, status: 0 },
          ]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with decodeHeaders false, skips header blocks unread, keeping the frames around them', () => {
    // A SYN_REPLY for stream 3 whose header block is not zlib at all: a decoding parser refuses it.
    const block = Buffer.from('not a zlib stream');
    const reply = Buffer.alloc(12);
    reply.writeUInt32BE(0x80030002, 0); // control, version 3, SYN_REPLY
    reply.writeUInt32BE(4 + block.length, 4);
    reply.writeUInt32BE(3, 8);
    const w = new FrameWriter();
    const bytes = Buffer.concat([reply, block, w.data(3, Buffer.from('hi'), true), w.ping(2)]);
    expect(() => new FrameParser().push(bytes)).toThrow(SpdyProtocolError);
    expect(new FrameParser({ decodeHeaders: false }).push(bytes)).toEqual([
      { type: 'syn_reply', streamId: 3, fin: false, headers: {} },
      { type: 'data', streamId: 3, fin: true, data: Buffer.from('hi') },
      { type: 'ping', id: 2 },
    ]);
  });

  it('ignores SETTINGS and WINDOW_UPDATE, which spdystream peers may send', () => {
    const settings = Buffer.from([0x80, 3, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0]);
    const windowUpdate = Buffer.from([0x80, 3, 0, 9, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0x10, 0]);
    expect(new FrameParser().push(Buffer.concat([settings, windowUpdate]))).toEqual([
      { type: 'ignored', frameType: 4 },
      { type: 'ignored', frameType: 9 },
    ]);
  });

  it('rejects other SPDY versions and corrupt header blocks', () => {
    expect(() =>
      new FrameParser().push(Buffer.from([0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1])),
    ).toThrow(SpdyProtocolError);
    const garbage = Buffer.from([0x80, 3, 0, 2, 0, 0, 0, 8, 0, 0, 0, 1, 1, 2, 3, 4]);
    expect(() => new FrameParser().push(garbage)).toThrow(SpdyProtocolError);
  });
});
