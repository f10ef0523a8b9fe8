/**
 * The byte pipe under a SPDY session. Two kinds reach the same kubelet SPDY server
 * (docs/kube-wire.md §6.1–6.2): the raw `SPDY/3.1` upgrade (raw-transport.ts), where the socket
 * itself carries the frames, and the WebSocket tunnel of kubectl ≥ 1.31 (ws-transport.ts), where
 * binary messages do. The session sees only bytes in, messages out, pause and close.
 */
import type { ClientOptions } from 'ws';
import type { PortsideError } from '../../../../shared/errors.ts';

/** A message: one buffer, or a short head and a long body sent after it without a copy. */
export type Message = Buffer | readonly [head: Buffer, body: Buffer];

export const messageLength = (m: Message): number =>
  Buffer.isBuffer(m) ? m.length : m[0].length + m[1].length;

/** The message as one buffer (copied if it is in parts), for paths that need one. */
export const messageBytes = (m: Message): Buffer => (Buffer.isBuffer(m) ? m : Buffer.concat(m));

/** Which upgrade opens a session: `raw` (POST, `Upgrade: SPDY/3.1`) or `tunnel` (WebSocket). */
export type TransportKind = 'raw' | 'tunnel';

/** Outcome of the upgrade: open, or refused by the server (non-101) with its words. */
export type TunnelOpen = { ok: true } | { ok: false; status: number; error: PortsideError };

export interface SpdyTransport {
  /** Settles once the upgrade is answered; rejects on network/TLS errors or the deadline. */
  readonly opened: Promise<TunnelOpen>;
  /** 'connecting' until the 101 (the session queues), 'open', then 'closed'. */
  readonly state: 'connecting' | 'open' | 'closed';
  /** Bytes written and not yet taken by the kernel. */
  readonly bufferedAmount: number;
  /** Writes one message while open; `done` runs once the socket has taken all of it. */
  write(message: Message, done?: () => void): void;
  pause(): void;
  resume(): void;
  /** Closes after what was written (open), or abandons the upgrade (connecting). */
  end(): void;
}

/** What a transport tells its session. `fail` comes first when the upgrade fails, with the words. */
export interface TransportHandlers {
  onOpen(): void;
  onData(chunk: Buffer): void;
  /** The server broke the transport's own rules: the session closes with `reason`. */
  onProtocolError(reason: string): void;
  onClose(): void;
  fail(reason: string): void;
}

export type OpenTransport = (
  url: string,
  options: ClientOptions,
  handshakeTimeoutMs: number,
  handlers: TransportHandlers,
) => SpdyTransport;
