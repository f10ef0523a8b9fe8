/**
 * Client-to-server WebSocket binary frames (RFC 6455 §5.2) written straight to the upgraded
 * socket. `ws` stays the receiver, the handshake and the close/ping side; its sender, on this hot
 * path, cost a queue, a cork/uncork and a two-chunk writev per message: writing one buffer (small
 * messages) or a header and the payload under one cork (large ones) cut the forwarder's CPU over
 * warm 200-connection bursts by ~8 % (forward/README.md). The mask key is all zeros, as the tunnel
 * already used with `ws` (dialer.ts says why that is safe here), so the payload is not rewritten.
 */
import type { Writable } from 'node:stream';

/** Messages up to this size are copied behind their header into one write. */
const COPY_MAX = 16 * 1024;
/** The longest client frame header (64-bit length form). */
const MAX_HEADER = 14;
/** Large messages allocated with room for their header in front (see allocFramable). */
const framable = new WeakSet<Buffer>();

/** Bytes of a client frame header for a payload of `length`. */
const headerLength = (length: number): number => (length < 126 ? 6 : length <= 0xffff ? 8 : 14);

/** Writes the header at the start of `out`: FIN + binary opcode, MASK, length form, zero key. */
function putHeader(out: Buffer, length: number): void {
  out[0] = 0x82;
  let at = 2;
  if (length < 126) out[1] = 0x80 | length;
  else if (length <= 0xffff) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
    at = 4;
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(length), 2);
    at = 10;
  }
  out.writeUInt32BE(0, at); // the masking key
}

/** A frame header alone (for tests and large payloads). */
export function binaryFrameHeader(length: number): Buffer {
  const head = Buffer.allocUnsafe(headerLength(length));
  putHeader(head, length);
  return head;
}

/**
 * A buffer for a message of `size` bytes. A large one gets room for its frame header in front, so
 * writeBinaryFrame sends it as one buffer: a header and payload written apart are copied into one
 * again by TLS (a 64 KiB memmove per upload chunk, ~5 % of the forwarder's upload CPU).
 */
export function allocFramable(size: number): Buffer {
  if (size <= COPY_MAX) return Buffer.allocUnsafe(size);
  const body = Buffer.allocUnsafe(MAX_HEADER + size).subarray(MAX_HEADER);
  framable.add(body);
  return body;
}

/** Writes `payload` as one binary frame; `done` runs when the socket has taken it. */
export function writeBinaryFrame(socket: Writable, payload: Buffer, done?: () => void): void {
  const cb = done && ((): void => done());
  if (framable.has(payload)) {
    const h = headerLength(payload.length);
    const frame = Buffer.from(payload.buffer, payload.byteOffset - h, h + payload.length);
    putHeader(frame, payload.length);
    socket.write(frame, cb);
    return;
  }
  if (payload.length <= COPY_MAX) {
    const h = headerLength(payload.length);
    const frame = Buffer.allocUnsafe(h + payload.length);
    putHeader(frame, payload.length);
    payload.copy(frame, h);
    socket.write(frame, cb);
    return;
  }
  socket.cork();
  socket.write(binaryFrameHeader(payload.length));
  socket.write(payload, cb);
  socket.uncork();
}
