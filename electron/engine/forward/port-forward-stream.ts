/**
 * Our own client for Kubernetes port-forward over WebSocket `v4.channel.k8s.io`
 * (docs/kube-wire.md §3), as a Duplex: what is written goes to the pod port, what is read
 * comes from it. It avoids client-node PortForward's defects (§3.4):
 * - the server's close ends the readable side (push(null)), so a piped local socket gets its FIN
 *   after every byte was flushed;
 * - ending the writable side (local half-close) only stops sending; v4 cannot carry a FIN, so the
 *   WebSocket stays open until the server closes it;
 * - backpressure both ways: push() false pauses the WebSocket's socket; a high bufferedAmount holds
 *   the write callback until ws has flushed;
 * - the ERROR channel text becomes `closeReason`.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { PortsideError } from '../../../shared/errors.ts';
import { handshakeDeadline } from './handshake-deadline.ts';
import { readRefusal } from './upgrade-refusal.ts';

export const V4_PROTOCOL = 'v4.channel.k8s.io';

export interface PortForwardStreamOptions {
  /** Sends beyond this many buffered bytes wait for ws to flush. */
  highWaterMark?: number;
  /** Keepalive ping period; 0 disables. A missing pong by the next ping terminates the stream. */
  pingIntervalMs?: number;
  /** Deadline for TCP + TLS + the upgrade answer; a silent API server fails the stream. */
  handshakeTimeoutMs?: number;
}

export class PortForwardStream extends Duplex {
  /** ERROR-channel text from the server, if any. */
  closeReason: string | undefined;
  bytesUp = 0;
  bytesDown = 0;
  private readonly ws: WebSocket;
  private readonly port: number;
  private readonly hwm: number;
  private readonly seenPrefix = [false, false];
  private errorText = '';
  private localEnded = false;
  private remoteClosed = false;
  private pendingWrite: (() => void) | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(ws: WebSocket, port: number, opts: PortForwardStreamOptions = {}) {
    super({ allowHalfOpen: true, highWaterMark: 64 * 1024 });
    this.ws = ws;
    this.port = port;
    this.hwm = opts.highWaterMark ?? 1024 * 1024;
    ws.binaryType = 'nodebuffer';
    const stop = handshakeDeadline(opts.handshakeTimeoutMs ?? 10_000, (text) => {
      if (!this.opened && !this.destroyed) this.destroy(new PortsideError('Network', text));
    });
    for (const ev of ['open', 'unexpected-response', 'error', 'close']) ws.once(ev, stop);
    ws.on('open', () => this.onOpen(opts.pingIntervalMs ?? 30_000));
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', (code: number) => this.onClose(code));
    ws.on('error', (err) => this.destroy(err));
    ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) =>
      this.onRefused(req, res),
    );
  }

  /** A non-101 answer: the user sees the API server's words (RBAC, pod not found…). */
  private onRefused(req: ClientRequest, res: IncomingMessage): void {
    void readRefusal(res).then((err) => {
      req.destroy();
      this.destroy(err);
    });
  }

  /** True once the server accepted the upgrade with v4. */
  get opened(): boolean {
    return this.ws.readyState === this.ws.OPEN || this.remoteClosed;
  }

  private onOpen(pingMs: number): void {
    if (this.ws.protocol !== V4_PROTOCOL) {
      this.destroy(
        new Error(
          `the API server answered subprotocol "${this.ws.protocol}" instead of ${V4_PROTOCOL}`,
        ),
      );
      return;
    }
    if (pingMs > 0) this.startPings(pingMs);
    this.emit('ready');
    this.flushPending();
  }

  private startPings(ms: number): void {
    let awaiting = false;
    this.ws.on('pong', () => (awaiting = false));
    this.pingTimer = setInterval(() => {
      if (awaiting) {
        this.destroy(new Error(`the API server did not answer a keepalive ping within ${ms} ms`));
        return;
      }
      awaiting = true;
      this.ws.ping();
    }, ms);
    this.pingTimer.unref();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (!isBinary || data.length === 0) return this.protocolError('a non-binary or empty frame');
    const channel = data[0] as number;
    if (channel > 1) return this.protocolError(`a frame on unknown channel ${channel}`);
    let payload = data.subarray(1);
    if (!this.seenPrefix[channel]) {
      // First frame per channel carries the port, uint16 little-endian (kubelet websocket.go).
      if (payload.length < 2) return this.protocolError('a short port prefix');
      const port = payload.readUInt16LE(0);
      if (port !== this.port)
        return this.protocolError(`port prefix ${port} for port ${this.port}`);
      this.seenPrefix[channel] = true;
      payload = payload.subarray(2);
    }
    if (payload.length === 0) return;
    if (channel === 1) {
      this.errorText += payload.toString('utf8');
      this.closeReason = this.errorText.trim();
      return;
    }
    this.bytesDown += payload.length;
    if (!this.push(payload)) this.ws.pause();
  }

  private protocolError(what: string): void {
    this.destroy(new Error(`port-forward protocol error: the server sent ${what}`));
  }

  private onClose(code: number): void {
    // 1006: the TCP connection to the API server dropped without a close frame.
    if (code === 1006 && !this.closeReason && this.seenPrefix[0])
      this.closeReason = 'the connection to the API server was lost';
    this.remoteClosed = true;
    this.stopPings();
    this.push(null);
    // A write waiting for room will never get it: drop it, the pod is gone.
    this.flushPending();
  }

  override _read(): void {
    if (this.ws.isPaused) this.ws.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.remoteClosed) return cb(); // server gone: the bytes have nowhere to go
    if (this.ws.readyState === this.ws.CONNECTING) {
      this.pendingWrite = () => this._write(chunk, _enc, cb);
      return;
    }
    if (this.ws.readyState !== this.ws.OPEN) return cb();
    const frame = Buffer.allocUnsafe(chunk.length + 1);
    frame[0] = 0;
    chunk.copy(frame, 1);
    this.bytesUp += chunk.length;
    if (this.ws.bufferedAmount + frame.length <= this.hwm) {
      this.ws.send(frame, { binary: true });
      cb();
      return;
    }
    this.ws.send(frame, { binary: true }, () => cb());
  }

  private flushPending(): void {
    const p = this.pendingWrite;
    this.pendingWrite = undefined;
    p?.();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.localEnded = true;
    this.emit('local-end');
    cb();
  }

  /** The local side has ended and the server has closed. */
  get finished(): boolean {
    return this.localEnded && this.remoteClosed;
  }

  private stopPings(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.stopPings();
    const s = this.ws.readyState;
    if (s === this.ws.CONNECTING) this.ws.terminate();
    else if (s === this.ws.OPEN) this.ws.close();
    cb(err);
  }
}
