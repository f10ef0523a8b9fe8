/**
 * One server-side SPDY/3 session over any byte Duplex: the raw socket after a POST 101, or
 * createWebSocketStream() of a `SPDY/3.1+portforward.k8s.io` tunnel (docs/kube-wire.md §6).
 * Peer streams become Node Duplexes; there is no SPDY flow control (spdystream has none), only
 * transport backpressure: a stream that cannot take more input pauses the whole transport.
 */
import type { Duplex } from 'node:stream';
import { FrameParser } from '../../electron/engine/forward/spdy/frame-parser.ts';
import {
  FrameWriter,
  GOAWAY_OK,
  GOAWAY_PROTOCOL_ERROR,
  RST_CANCEL,
  RST_PROTOCOL_ERROR,
  RST_REFUSED_STREAM,
  type SpdyFrame,
} from '../../electron/engine/forward/spdy/frames.ts';
import type { SpdyHeaders } from '../../electron/engine/forward/spdy/headers.ts';
import { SpdyStream, type StreamOwner } from './spdy-stream.ts';

export { SpdyStream } from './spdy-stream.ts';

const MAX_DATA_FRAME = 64 * 1024;

export interface SpdySessionOptions {
  /** Called for every SYN_STREAM; return false to reset the stream instead of replying. */
  onStream(stream: SpdyStream): boolean;
  /** How to close the transport gracefully (a tunnel wants a WebSocket close 1000). */
  endTransport?: () => void;
}

/** Serves one SPDY/3 session on `transport` until either side closes it. */
export class SpdySession implements StreamOwner {
  private readonly parser = new FrameParser();
  private readonly writer = new FrameWriter();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly blockedBy = new Set<SpdyStream>();
  private drainWaiters: Array<() => void> = [];
  private lastStreamId = 0;
  private goingAway = false;
  closed = false;

  constructor(
    private readonly transport: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('drain', () => this.flushWaiters());
    transport.on('end', () => this.close());
    transport.on('error', () => this.destroy());
    transport.on('close', () => this.teardown());
  }

  /** Sends GOAWAY and ends the transport once everything queued before it is out. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.transport.destroyed || this.transport.writableEnded) return;
    const end = this.options.endTransport ?? (() => this.transport.end());
    // The write callback runs after all earlier writes: a tunnel's WebSocket must not close
    // (and drop DATA still queued in its stream) before then.
    this.transport.write(this.writer.goAway(this.lastStreamId, GOAWAY_OK), () => end());
  }

  /** Drops the transport at once (fault injection, protocol errors). */
  destroy(): void {
    this.closed = true;
    this.transport.destroy();
    this.teardown();
  }

  sendData(id: number, data: Buffer, fin: boolean, cb: (err?: Error | null) => void): void {
    if (this.transport.destroyed || this.transport.writableEnded) {
      cb(new Error('SPDY connection closed'));
      return;
    }
    let ok = true;
    for (let off = 0; off < data.length || (off === 0 && fin); off += MAX_DATA_FRAME) {
      const part = data.subarray(off, off + MAX_DATA_FRAME);
      const last = off + MAX_DATA_FRAME >= data.length;
      ok = this.write(this.writer.data(id, part, fin && last));
      if (last) break;
    }
    if (ok) cb();
    else this.drainWaiters.push(() => cb());
  }

  reset(id: number, status: number): void {
    if (!this.transport.destroyed && !this.transport.writableEnded)
      this.write(this.writer.rstStream(id, status));
  }

  /** A stream's consumer wants more: resume the transport if nobody else is full. */
  unblock(stream: SpdyStream): void {
    if (this.blockedBy.delete(stream) && this.blockedBy.size === 0) this.transport.resume();
  }

  forget(stream: SpdyStream): void {
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    this.unblock(stream);
    if (this.goingAway && this.streams.size === 0) this.close();
  }

  private write(frame: Buffer): boolean {
    return this.transport.write(frame);
  }

  private flushWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private onBytes(chunk: Buffer): void {
    if (this.closed) return;
    let frames: SpdyFrame[];
    try {
      frames = this.parser.push(chunk);
    } catch {
      this.write(this.writer.goAway(this.lastStreamId, GOAWAY_PROTOCOL_ERROR));
      this.destroy();
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: SpdyFrame): void {
    switch (frame.type) {
      case 'syn_stream':
        return this.onSynStream(frame.streamId, frame.headers, frame.fin);
      case 'data':
        return this.onData(frame.streamId, frame.data, frame.fin);
      case 'rst_stream':
        return this.onReset(frame.streamId);
      case 'ping':
        this.write(this.writer.ping(frame.id));
        return;
      case 'goaway':
        this.goingAway = true;
        if (this.streams.size === 0) this.close();
        return;
      default:
        return; // SYN_REPLY/HEADERS (already inflated), SETTINGS, WINDOW_UPDATE: nothing to do.
    }
  }

  private onSynStream(id: number, headers: SpdyHeaders, fin: boolean): void {
    if (this.goingAway || this.closed) return this.reset(id, RST_REFUSED_STREAM);
    if (this.streams.has(id) || id % 2 === 0) return this.reset(id, RST_PROTOCOL_ERROR);
    this.lastStreamId = Math.max(this.lastStreamId, id);
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    if (!this.options.onStream(stream)) {
      stream.wasReset = true;
      this.reset(id, RST_CANCEL);
      stream.destroy();
      return;
    }
    this.write(this.writer.synReply(id));
    if (fin) this.onData(id, Buffer.alloc(0), true);
  }

  private onData(id: number, data: Buffer, fin: boolean): void {
    const stream = this.streams.get(id);
    if (!stream || stream.remoteFin) return; // late DATA after a reset: tolerated like spdystream
    if (data.length > 0 && !stream.push(data)) {
      this.blockedBy.add(stream);
      this.transport.pause();
    }
    if (fin) {
      stream.remoteFin = true;
      stream.push(null);
    }
  }

  private onReset(id: number): void {
    const stream = this.streams.get(id);
    if (!stream) return; // client-go resets data streams it already finished: tolerate
    stream.wasReset = true;
    stream.destroy();
  }

  private teardown(): void {
    this.closed = true;
    for (const stream of [...this.streams.values()]) {
      stream.wasReset = true;
      stream.destroy();
    }
    this.flushWaiters();
  }
}
