/**
 * Relays an HTTP/2 stream and a TCP socket both ways with backpressure (per-stream flow control:
 * a paused reader stops only its own stream) and half-close (FIN ↔ END_STREAM). A reset on one
 * side becomes a reset on the other. The socket must be half-open capable (allowHalfOpen), so a
 * FIN from one side does not end the other direction.
 */
import { constants, type Http2Stream } from 'node:http2';
import type { Socket } from 'node:net';

export function pipeStreams(stream: Http2Stream, socket: Socket): void {
  socket.setNoDelay(true);
  stream.pipe(socket); // END_STREAM → FIN, after every byte is written
  socket.pipe(stream); // FIN → END_STREAM
  socket.on('error', () => closeStream(stream, constants.NGHTTP2_CONNECT_ERROR));
  stream.on('error', () => undefined); // 'close' follows and carries the reset code
  stream.once('close', () => {
    if (socket.destroyed) return;
    if (stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR)
      socket.resetAndDestroy();
    // Closed without the peer's END_STREAM (RST NO_ERROR): the peer is gone, so is this socket.
    else if (!socket.writableEnded) socket.destroy();
    // Otherwise both directions are done and the socket closes itself once flushed.
  });
}

/** Resets a stream at once. */
export function closeStream(stream: Http2Stream, code: number): void {
  if (stream.destroyed) return;
  stream.close(code);
  stream.destroy(); // close() alone would wait for buffered data; this sends the RST now
}
