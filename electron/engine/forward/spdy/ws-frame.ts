/**
 * Client-to-server WebSocket binary frames (RFC 6455 §5.2) written straight to the upgraded
 * socket. `ws` stays the receiver, the handshake and the close/ping side; its sender, on this hot
 * path, cost a queue, a cork/uncork and a two-chunk writev per message. Here a small message is
 * copied behind its header into one write; a large one is written as a short write (header and
 * the SPDY frame's own head) and then its payload as it is: not copied, and not corked either,
 * since TLS copies corked chunks into one buffer again (forward/README.md has the figures). The
 * mask key is all zeros, as the tunnel already used with `ws` (dialer.ts says why that is safe
 * here), so the payload is not rewritten.
 */
import type { Writable } from 'node:stream';
import { messageLength, type Message } from './transport.ts';

/** Messages up to this size are copied behind their header into one write. */
const COPY_MAX = 16 * 1024;

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

const EMPTY = Buffer.alloc(0);

/** What is copied behind the frame header, and what is written after it as it is. */
function split(m: Message): readonly [Buffer, Buffer | undefined] {
  if (!Buffer.isBuffer(m)) return m;
  return m.length <= COPY_MAX ? [m, undefined] : [EMPTY, m];
}

/** Writes `message` as one binary frame; `done` runs when the socket has taken all of it. */
export function writeBinaryFrame(socket: Writable, message: Message, done?: () => void): void {
  const cb = done && ((): void => done());
  const [head, body] = split(message);
  const length = messageLength(message);
  const h = headerLength(length);
  const first = Buffer.allocUnsafe(h + head.length);
  putHeader(first, length);
  head.copy(first, h);
  if (!body) {
    socket.write(first, cb);
    return;
  }
  socket.write(first);
  socket.write(body, cb);
}
