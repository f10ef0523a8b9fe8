/**
 * One forwarded connection inside a SPDY session: the (error, data) stream pair of client-go's
 * port-forward (docs/kube-wire.md §6.5–6.7) as a RemoteStream Duplex. Unlike v4 it carries
 * half-close both ways: end() sends DATA FIN, the pod's DATA FIN ends the readable side.
 */
import { Duplex } from 'node:stream';
import type { Message } from './transport.ts';

/** What a stream needs from its session. */
export interface StreamHost {
  /** Queues a frame; `cb` runs once the transport has room again (backpressure). */
  send(frame: Message, cb?: () => void): boolean;
  dataFrame(streamId: number, data: Buffer, fin: boolean): Message;
  reset(streamId: number): void;
  pauseTransport(): void;
  resumeTransport(): void;
  release(stream: SpdyRemoteStream): void;
}

/**
 * `data` itself when it is most of the buffer it views (no copy on the bulk path), else a copy, so
 * a small slice queued behind a slow reader does not keep a whole read buffer alive.
 */
function ownBytes(data: Buffer): Buffer {
  return data.length * 2 >= data.buffer.byteLength ? data : Buffer.from(data);
}

export class SpdyRemoteStream extends Duplex {
  bytesUp = 0;
  bytesDown = 0;
  /** Error-stream text from the kubelet, if any. */
  closeReason: string | undefined;
  /** end() sends DATA FIN, which the kubelet passes to the pod as a TCP half-close. */
  readonly carriesHalfClose = true;
  private errorText = '';
  private remoteFin = false;
  private localFin = false;
  private replied = false;

  constructor(
    private readonly host: StreamHost,
    readonly errorId: number,
    readonly dataId: number,
  ) {
    super({ allowHalfOpen: true, highWaterMark: 64 * 1024 });
  }

  /** SYN_REPLY for one of our streams: the pair is accepted once the data stream is. */
  onReply(streamId: number): void {
    if (streamId !== this.dataId || this.replied) return;
    this.replied = true;
    this.emit('ready');
  }

  onData(streamId: number, data: Buffer, fin: boolean): void {
    if (streamId === this.errorId) {
      if (data.length > 0) {
        this.errorText += data.toString('utf8');
        this.closeReason = this.errorText.trim();
      }
      return;
    }
    if (this.remoteFin) return;
    if (data.length > 0) {
      this.bytesDown += data.length;
      // No SPDY flow control here: the only brake is pausing the whole transport.
      if (!this.push(ownBytes(data))) this.host.pauseTransport();
    }
    if (fin) this.finishRemote();
  }

  onReset(streamId: number): void {
    if (streamId !== this.dataId) return;
    if (!this.remoteFin) this.closeReason ??= 'the port-forward stream was reset by the server';
    this.localFin = true; // the server will not take any more bytes
    this.finishRemote();
  }

  /** The session (its upgraded connection) ended under us. */
  onSessionClosed(reason: string | undefined): void {
    if (!this.remoteFin && reason) this.closeReason ??= reason;
    this.localFin = true;
    this.finishRemote();
  }

  private finishRemote(): void {
    if (this.remoteFin) return;
    this.remoteFin = true;
    this.push(null);
  }

  override _read(): void {
    this.host.resumeTransport();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.localFin) return cb(); // server gone or stream reset: the bytes have nowhere to go
    this.bytesUp += chunk.length;
    let off = 0;
    let ok = true;
    // DATA frames carry a 24-bit length.
    while (off < chunk.length) {
      const part = chunk.subarray(off, off + 0xffff00);
      off += part.length;
      const last = off >= chunk.length;
      ok = this.host.send(this.host.dataFrame(this.dataId, part, false), last ? cb : undefined);
    }
    void ok;
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (!this.localFin) {
      this.localFin = true;
      this.host.send(this.host.dataFrame(this.dataId, Buffer.alloc(0), true));
    }
    this.emit('local-end');
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    // Like client-go: reset the data stream when we are done with it, finished or not.
    this.host.reset(this.dataId);
    this.host.release(this);
    cb(err);
  }
}
