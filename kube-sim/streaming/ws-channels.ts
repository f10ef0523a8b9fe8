/**
 * The channel framing of `*.channel.k8s.io` WebSockets (wsstream/conn.go): binary messages are
 * `[channel][payload]`; the base64 variants send text `'0'+channel` followed by base64 payload.
 */
import { Writable } from 'node:stream';
import { WebSocket, type RawData } from 'ws';

/** Above this many queued bytes a producer pauses; below LOW it may resume. */
export const HIGH_WATER = 1024 * 1024;
export const LOW_WATER = 256 * 1024;

/** Sends `payload` on `channel`; `cb` runs once the frame reached the socket (or was dropped). */
export function sendChannel(
  ws: WebSocket,
  base64: boolean,
  channel: number,
  payload: Buffer,
  cb?: () => void,
): void {
  if (ws.readyState !== WebSocket.OPEN) {
    cb?.();
    return;
  }
  const frame = base64
    ? String.fromCharCode(48 + channel) + payload.toString('base64')
    : Buffer.concat([Buffer.from([channel]), payload]);
  ws.send(frame, { binary: !base64 }, () => cb?.());
}

/** Splits an incoming message into channel and payload; null for empty or malformed messages. */
export function readChannel(
  data: RawData,
  isBinary: boolean,
): { channel: number; payload: Buffer } | null {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (buf.length === 0) return null;
  if (isBinary) return { channel: buf[0]!, payload: buf.subarray(1) };
  const channel = buf[0]! - 48;
  if (channel < 0 || channel > 9) return null;
  return { channel, payload: Buffer.from(buf.subarray(1).toString('latin1'), 'base64') };
}

/** Little-endian uint16 port number, the first message on both channels of a forwarded port. */
export function portPrefix(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
}

/** A Writable that sends each chunk on one channel; with `enabled` false output is discarded. */
export function channelWritable(
  ws: WebSocket,
  base64: boolean,
  channel: number,
  enabled: boolean,
): Writable {
  return new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _enc, cb) {
      if (!enabled) return cb();
      let done = false;
      const finish = (): void => {
        if (!done) ((done = true), cb());
      };
      // Let the ws queue absorb bursts; when it is deep, wait until this frame is flushed.
      sendChannel(ws, base64, channel, chunk, finish);
      if (ws.bufferedAmount < HIGH_WATER) finish();
    },
  });
}
