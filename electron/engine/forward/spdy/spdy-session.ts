/**
 * Client side of kubectl's SPDY port-forward (docs/kube-wire.md §6): over the raw `SPDY/3.1`
 * upgrade or tunnelled in a WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io`
 * (transport.ts). Frames are one byte stream whatever carries them; each forwarded connection is
 * an (error, data) stream pair.
 */
import { EventEmitter } from 'node:events';
import type { ClientOptions } from 'ws';
import { errorText } from '../../../../shared/errors.ts';
import { FrameBatcher } from './frame-batcher.ts';
import { FrameParser } from './frame-parser.ts';
import { FrameWriter, RST_CANCEL, type SpdyFrame } from './frames.ts';
import { SpdyRemoteStream, type StreamHost } from './spdy-stream.ts';
import { openRawTransport } from './raw-transport.ts';
import {
  messageBytes,
  messageLength,
  type Message,
  type SpdyTransport,
  type TransportKind,
  type TunnelOpen,
} from './transport.ts';
import { openWebSocketTransport } from './ws-transport.ts';

export { TUNNEL_PROTOCOL } from './ws-transport.ts';
export type { TransportKind, TunnelOpen } from './transport.ts';

const TRANSPORTS = { raw: openRawTransport, tunnel: openWebSocketTransport };

export interface SpdySessionOptions extends ClientOptions {
  /** Keepalive PING period; 0 disables. A missing echo by the next PING ends the session. */
  pingIntervalMs?: number;
  /** Sends beyond this many buffered bytes wait for the socket to flush. */
  highWaterMark?: number;
  /** The upgrade that opens the session; default the WebSocket tunnel. */
  transport?: TransportKind;
  /** Deadline for TCP + TLS + the upgrade answer; a silent API server fails the open. */
  handshakeTimeoutMs?: number;
}

/** Frames up to this size are coalesced per tick (frame-batcher.ts); larger ones go at once. */
const SMALL_FRAME = 16 * 1024;

export class SpdySession extends EventEmitter implements StreamHost {
  /** Settles once the upgrade is answered; rejects on network/TLS errors before that. */
  readonly opened: Promise<TunnelOpen>;
  private readonly transport: SpdyTransport;
  private readonly parser = new FrameParser({ decodeHeaders: false });
  private readonly writer = new FrameWriter();
  private readonly streams = new Map<number, SpdyRemoteStream>();
  private readonly hwm: number;
  private queue: Array<[Buffer, (() => void) | undefined]> = [];
  private readonly batch = new FrameBatcher((m, done) => this.transport.write(m, done));
  private nextId = 1;
  private nextRequest = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private closedReason: string | undefined;
  closed = false;

  constructor(url: string, opts: SpdySessionOptions = {}) {
    super();
    const {
      pingIntervalMs = 10_000,
      highWaterMark = 1024 * 1024,
      handshakeTimeoutMs = 10_000,
      transport = 'tunnel',
      ...requestOpts
    } = opts;
    this.hwm = highWaterMark;
    this.transport = TRANSPORTS[transport](url, requestOpts, handshakeTimeoutMs, {
      onOpen: () => this.onOpen(pingIntervalMs),
      onData: (chunk) => this.onData(chunk),
      onProtocolError: (reason) => this.close(reason),
      onClose: () => this.shutdown('the connection to the API server was lost'),
      fail: (reason) => this.shutdown(reason),
    });
    this.opened = this.transport.opened;
  }

  /** Opens the (error, data) stream pair for one connection to `port` of the pod. */
  openStream(port: number): SpdyRemoteStream {
    const errorId = this.nextId;
    const dataId = errorId + 2;
    this.nextId += 4;
    const requestid = String(this.nextRequest++);
    const stream = new SpdyRemoteStream(this, errorId, dataId);
    if (this.closed) {
      stream.onSessionClosed(this.closedReason);
      return stream;
    }
    this.streams.set(errorId, stream);
    this.streams.set(dataId, stream);
    const headers = { port: String(port), requestid };
    // Three frames, one write (the batcher coalesces what one tick sends).
    this.send(this.writer.synStream(errorId, { streamtype: 'error', ...headers }));
    // We never write on the error stream: close our side at once, as client-go does.
    this.send(this.writer.data(errorId, Buffer.alloc(0), true));
    this.send(this.writer.synStream(dataId, { streamtype: 'data', ...headers }));
    return stream;
  }

  /** Number of live streams (pairs). */
  get streamCount(): number {
    return this.streams.size / 2;
  }

  send(frame: Message, cb?: () => void): boolean {
    if (this.closed) {
      cb?.();
      return false;
    }
    if (this.transport.state === 'connecting') {
      this.queue.push([messageBytes(frame), cb]);
      return false;
    }
    const length = messageLength(frame);
    const room = this.transport.bufferedAmount + this.batch.pendingBytes + length <= this.hwm;
    if (length <= SMALL_FRAME) {
      this.batch.add(messageBytes(frame), room ? undefined : cb);
    } else {
      this.batch.flush(); // frames keep their order
      this.transport.write(frame, room ? undefined : cb);
    }
    if (room) cb?.();
    return room;
  }

  /** A large payload stays where it is: its frame head and it go out as two writes. */
  dataFrame(streamId: number, data: Buffer, fin: boolean): Message {
    if (data.length <= SMALL_FRAME) return this.writer.data(streamId, data, fin);
    return [this.writer.dataHeader(streamId, data.length, fin), data];
  }

  reset(streamId: number): void {
    if (!this.closed && this.streams.has(streamId))
      this.send(this.writer.rstStream(streamId, RST_CANCEL));
  }

  pauseTransport(): void {
    if (!this.closed) this.transport.pause();
  }

  resumeTransport(): void {
    if (!this.closed) this.transport.resume();
  }

  release(stream: SpdyRemoteStream): void {
    this.streams.delete(stream.errorId);
    this.streams.delete(stream.dataId);
    if (this.streams.size > 0) return;
    // A stream that paused the transport and went away must not leave it paused for the next one.
    this.resumeTransport();
    this.emit('idle');
  }

  /** Says GOAWAY and closes the transport; live streams end with `reason`. */
  close(reason = 'the port-forward session was closed'): void {
    if (this.closed) return;
    if (this.transport.state === 'open') {
      this.batch.flush();
      this.transport.write(this.writer.goAway(this.nextId - 2 > 0 ? this.nextId - 2 : 0, 0));
    }
    this.transport.end();
    this.shutdown(reason);
  }

  private onOpen(pingMs: number): void {
    const q = this.queue;
    this.queue = [];
    for (const [frame, cb] of q) this.send(frame, cb);
    if (pingMs > 0) this.startPings(pingMs);
  }

  private startPings(ms: number): void {
    let awaiting = false;
    let id = 1;
    this.on('ping-echo', () => (awaiting = false));
    this.pingTimer = setInterval(() => {
      if (awaiting) return this.close(`the API server did not answer a keepalive within ${ms} ms`);
      awaiting = true;
      this.send(this.writer.ping(id));
      id += 2; // client-initiated PING ids are odd
    }, ms);
    this.pingTimer.unref();
  }

  private onData(data: Buffer): void {
    let frames: SpdyFrame[];
    try {
      frames = this.parser.push(data);
    } catch (err) {
      return this.close(`port-forward protocol error: ${errorText(err)}`);
    }
    for (const f of frames) this.onFrame(f);
  }

  private onFrame(f: SpdyFrame): void {
    switch (f.type) {
      case 'syn_reply':
        return this.streams.get(f.streamId)?.onReply(f.streamId);
      case 'data':
        return this.streams.get(f.streamId)?.onData(f.streamId, f.data, f.fin);
      case 'rst_stream':
        return this.streams.get(f.streamId)?.onReset(f.streamId);
      case 'ping':
        // Odd ids are ours coming back; even ids are the server's, which we echo.
        if (f.id % 2 === 1) this.emit('ping-echo');
        else this.send(this.writer.ping(f.id));
        return;
      case 'goaway':
        return this.close('the API server ended the port-forward session');
      default:
        return; // SETTINGS, WINDOW_UPDATE, HEADERS, server-pushed streams: nothing to do
    }
  }

  private shutdown(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closedReason = reason;
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const [, cb] of this.queue) cb?.();
    this.queue = [];
    this.batch.drop();
    for (const s of new Set(this.streams.values())) s.onSessionClosed(reason);
    this.emit('close', reason);
  }
}
