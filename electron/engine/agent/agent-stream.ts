/**
 * One -L connection carried by the agent: an HTTP/2 CONNECT stream as a RemoteStream (exact byte
 * counters, END_STREAM both ways = half-close, a reset = a visible close reason). Backpressure is
 * per stream: a paused local reader stops this stream's window only.
 */
import { constants, type ClientHttp2Stream } from 'node:http2';
import { Duplex } from 'node:stream';
import type { RemoteStream } from '../forward/dialer.ts';

export class AgentStream extends Duplex implements RemoteStream {
  bytesUp = 0;
  bytesDown = 0;
  closeReason: string | undefined;
  readonly carriesHalfClose = true;
  /** Shown on the connection: the address the agent resolved, and the pod it runs in. */
  readonly remote: string;
  readonly pod: string;
  private readonly h2: ClientHttp2Stream;

  constructor(h2: ClientHttp2Stream, remote: string, pod: string) {
    super({ allowHalfOpen: true, highWaterMark: 256 * 1024 });
    this.h2 = h2;
    this.remote = remote;
    this.pod = pod;
    h2.on('data', (chunk: Buffer) => {
      this.bytesDown += chunk.length;
      if (!this.push(chunk)) h2.pause();
    });
    h2.once('end', () => this.push(null));
    h2.on('error', () => undefined);
    // Kept: a stream has no session any more once it closed, and a dead session is the agent gone.
    const session = h2.session;
    h2.once('close', () => {
      const code = h2.rstCode ?? constants.NGHTTP2_NO_ERROR;
      if (code !== constants.NGHTTP2_NO_ERROR && !this.closeReason)
        this.closeReason =
          code === constants.NGHTTP2_CONNECT_ERROR
            ? `the connection from the pod to ${remote} was reset`
            : session?.destroyed || session?.closed
              ? `the agent in pod ${pod} went away (its session to Portside ended)`
              : `the agent closed the stream (HTTP/2 code ${code})`;
      if (this.closeReason) this.destroy(new Error(this.closeReason));
    });
    setImmediate(() => this.emit('ready'));
  }

  override _read(): void {
    this.h2.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.h2.write(chunk, (err) => {
      if (!err) this.bytesUp += chunk.length;
      cb(err);
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.h2.end(cb);
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    if (!this.h2.destroyed) {
      // close() alone waits for buffered data both ways; destroy() sends the RST with its code now.
      this.h2.close(err ? constants.NGHTTP2_CANCEL : constants.NGHTTP2_NO_ERROR);
      this.h2.destroy();
    }
    cb(err);
  }
}
