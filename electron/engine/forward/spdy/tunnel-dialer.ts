/**
 * Dials one connection over the SPDY tunnel, or says the cluster refused the tunnel so the caller
 * falls back to v4 (and stops trying the tunnel for that cluster), as kubectl's fallback dialer.
 *
 * One SPDY session per connection, on purpose. SPDY as spoken by kubelets has no flow control, so
 * streams sharing a WebSocket can only be slowed together: a paused local reader would either
 * pause every connection of the session (head-of-line blocking) or be buffered without bound. Both
 * break docs/architecture.md §3: "a slow reader pauses its own writer and nobody else". A session per
 * connection keeps that invariant and still gives real half-close both ways; it does not save the
 * per-connection upgrade cost.
 */
import type { ClientOptions } from 'ws';
import type { PortsideError } from '../../../../shared/errors.ts';
import type { SpdyRemoteStream } from './spdy-stream.ts';
import { SpdySession, type SpdySessionOptions } from './spdy-session.ts';

export { TUNNEL_PROTOCOL } from './spdy-session.ts';

/** Opens a SPDY-in-WebSocket port-forward session to the URL of a pod's portforward subresource. */
export function createSpdySession(url: string, options: SpdySessionOptions = {}): SpdySession {
  return new SpdySession(url, options);
}

export type TunnelResult =
  { ok: true; stream: SpdyRemoteStream } | { ok: false; error: PortsideError; remember: boolean };

export interface TunnelDialerOptions {
  pingIntervalMs?: number;
  createSession?: typeof createSpdySession;
}

/** Status codes about the request itself (auth, missing pod), not about the tunnel protocol. */
const NOT_ABOUT_PROTOCOL = new Set([401, 403, 404]);

/** Returns a dial function: a stream over a fresh tunnel session, or a refusal to fall back on. */
export function createTunnelDialer(opts: TunnelDialerOptions = {}) {
  const make = opts.createSession ?? createSpdySession;
  return async (url: string, options: ClientOptions, port: number): Promise<TunnelResult> => {
    const session = make(url, {
      ...options,
      ...(opts.pingIntervalMs === undefined ? {} : { pingIntervalMs: opts.pingIntervalMs }),
    });
    const opened = await session.opened;
    if (!opened.ok)
      return { ok: false, error: opened.error, remember: !NOT_ABOUT_PROTOCOL.has(opened.status) };
    const stream = session.openStream(port);
    session.once('idle', () => session.close());
    return { ok: true, stream };
  };
}

/** Remembers clusters (by key) that refused the tunnel; they are dialed with v4 from then on. */
export function createTunnelMemory(): {
  refused(key: object): boolean;
  remember(key: object): void;
} {
  const refused = new WeakSet<object>();
  return { refused: (k) => refused.has(k), remember: (k) => void refused.add(k) };
}
