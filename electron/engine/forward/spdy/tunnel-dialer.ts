/**
 * Dials one connection over SPDY (a raw upgrade or the WebSocket tunnel, transport.ts), or says
 * the cluster refused that upgrade so the caller falls back (and stops trying it for that
 * cluster), as kubectl's fallback dialer.
 *
 * One connection per SPDY session at a time, on purpose. SPDY as spoken by kubelets has no flow
 * control, so streams sharing a session can only be slowed together: a paused local reader would
 * either pause every connection of the session (head-of-line blocking) or be buffered without
 * bound. Both break "a slow reader pauses its own writer and nobody else". The handshake cost is
 * paid once per session, not per connection: a finished connection hands its session to the next
 * one (session-pool.ts), with spares opened in the background. See ../README.md for the figures.
 */
import type { ClientOptions } from 'ws';
import type { PortsideError } from '../../../../shared/errors.ts';
import { systemClock, type Clock } from '../../clock.ts';
import type { SpdyRemoteStream } from './spdy-stream.ts';
import { SpdySession, type SpdySessionOptions, type TransportKind } from './spdy-session.ts';
import { createSessionPool, type SessionPoolOptions } from './session-pool.ts';

export { TUNNEL_PROTOCOL } from './spdy-session.ts';

/** Opens a SPDY port-forward session to the URL of a pod's portforward subresource. */
export function createSpdySession(url: string, options: SpdySessionOptions = {}): SpdySession {
  return new SpdySession(url, options);
}

export type TunnelResult =
  { ok: true; stream: SpdyRemoteStream } | { ok: false; error: PortsideError; remember: boolean };

export interface TunnelDialerOptions {
  pingIntervalMs?: number;
  handshakeTimeoutMs?: number;
  createSession?: typeof createSpdySession;
  clock?: Clock;
  /** Keep-alive tuning; `false` closes every session after its one connection (the old way). */
  pool?: Omit<SessionPoolOptions, 'clock'> | false;
}

/** Where and how to open a session; asked for only when no idle session can be reused. */
export type SessionRequest = () => Promise<{ url: string; options: ClientOptions }>;

export interface TunnelDialer {
  /**
   * A stream to `port` over a session of `key` (one pod of one cluster): reused, or new over the
   * `transport` upgrade.
   */
  (
    key: string,
    request: SessionRequest,
    port: number,
    transport?: TransportKind,
  ): Promise<TunnelResult>;
  /** Idle sessions kept for `key`. */
  idleCount(key: string): number;
  /** Closes the idle sessions (busy ones close as their connection ends). */
  close(): void;
}

/** Status codes about the request itself (auth, missing pod), not about the tunnel protocol. */
const NOT_ABOUT_PROTOCOL = new Set([401, 403, 404]);

/** Returns a dial function: a stream over a kept-alive or fresh session, or a refusal. */
export function createTunnelDialer(opts: TunnelDialerOptions = {}): TunnelDialer {
  const make = opts.createSession ?? createSpdySession;
  const pool = createSessionPool<SpdySession>({
    clock: opts.clock ?? systemClock,
    ...(opts.pool === false ? { maxIdle: 0, warm: 0 } : opts.pool),
  });
  const sessionOpts = (options: ClientOptions, transport: TransportKind): SpdySessionOptions => ({
    ...options,
    transport,
    ...(opts.pingIntervalMs === undefined ? {} : { pingIntervalMs: opts.pingIntervalMs }),
    ...(opts.handshakeTimeoutMs === undefined
      ? {}
      : { handshakeTimeoutMs: opts.handshakeTimeoutMs }),
  });
  const dial = async (
    key: string,
    request: SessionRequest,
    port: number,
    transport: TransportKind = 'tunnel',
  ) => {
    const idle = pool.take(key);
    if (idle) return { ok: true as const, stream: idle.openStream(port) };
    const { url, options } = await request();
    const session = pool.open(key, () => make(url, sessionOpts(options, transport)));
    const opened = await session.opened;
    if (!opened.ok)
      return {
        ok: false as const,
        error: opened.error,
        remember: !NOT_ABOUT_PROTOCOL.has(opened.status),
      };
    return { ok: true as const, stream: session.openStream(port) };
  };
  return Object.assign(dial, { idleCount: pool.idleCount, close: () => pool.close() });
}

/** Remembers clusters (by key) that refused the tunnel; they are dialed with v4 from then on. */
export function createTunnelMemory(): {
  refused(key: object): boolean;
  remember(key: object): void;
} {
  const refused = new WeakSet<object>();
  return { refused: (k) => refused.has(k), remember: (k) => void refused.add(k) };
}
