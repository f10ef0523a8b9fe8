/** One peer-initiated SPDY/3 stream as a Node Duplex; its session does the framing. */
import { Duplex } from 'node:stream';
import { RST_CANCEL } from '../../electron/engine/forward/spdy/frames.ts';
import type { SpdyHeaders } from '../../electron/engine/forward/spdy/headers.ts';

/** What a stream needs from its session. */
export interface StreamOwner {
  sendData(id: number, data: Buffer, fin: boolean, cb: (err?: Error | null) => void): void;
  reset(id: number, status: number): void;
  /** The stream's reader wants more: the session may resume its transport. */
  unblock(stream: SpdyStream): void;
  /** The stream is gone (finished both ways, reset, or destroyed). */
  forget(stream: SpdyStream): void;
}

/** One peer-initiated SPDY stream: readable = the peer's DATA, writable = our DATA (end = FIN). */
export class SpdyStream extends Duplex {
  remoteFin = false;
  localFin = false;
  wasReset = false;

  constructor(
    private readonly session: StreamOwner,
    readonly id: number,
    readonly headers: SpdyHeaders,
  ) {
    super({ allowHalfOpen: true });
    // Failures surface as 'close' to the handlers; an unheard 'error' must not crash the sim.
    this.on('error', () => {});
  }

  override _read(): void {
    this.session.unblock(this);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.session.sendData(this.id, chunk, false, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.localFin = true;
    this.session.sendData(this.id, Buffer.alloc(0), true, cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.wasReset && !(this.localFin && this.remoteFin))
      this.session.reset(this.id, RST_CANCEL);
    this.session.forget(this);
    cb(err);
  }
}
