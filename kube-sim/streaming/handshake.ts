/**
 * Upgrade handshakes for the streaming endpoints: refusing with a Status (so kubectl falls back
 * or fails as against a real cluster), the raw SPDY/3.1 101, and WebSocket accept through `ws`
 * with the tunnel-subprotocol workaround of docs/kube-wire.md §6.8.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** kubectl ≥ 1.31's port-forward tunnel subprotocol (WebsocketsSPDYTunnelingPrefix + portforward.k8s.io). */
export const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
// `ws` rejects '/' in Sec-WebSocket-Protocol (RFC 7230 token rules); we swap in an alias for it.
const TUNNEL_ALIAS = 'x-portside-spdy-tunnel';

const chosen = new WeakMap<IncomingMessage, string>();
const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  handleProtocols: (_offered, req) => chosen.get(req) ?? false,
});
wss.on('headers', (headers: string[]) => {
  const i = headers.indexOf(`Sec-WebSocket-Protocol: ${TUNNEL_ALIAS}`);
  if (i >= 0) headers[i] = `Sec-WebSocket-Protocol: ${TUNNEL_PROTOCOL}`;
});

export type UpgradeKind = 'websocket' | 'spdy';

/** Which transport the client asks for, or null for a request that is no upgrade we serve. */
export function upgradeKind(req: IncomingMessage): UpgradeKind | null {
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket' && req.method === 'GET') return 'websocket';
  if (upgrade.startsWith('spdy/3') && req.method === 'POST') return 'spdy';
  return null;
}

/** Splits a possibly repeated, comma-separated header into its values. */
export function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** First protocol of the client's list that we allow: the client's preference wins, as in wsstream. */
export function negotiate(offered: string[], allowed: string[]): string | undefined {
  return offered.find((p) => allowed.includes(p));
}

/** Answers an upgrade with an HTTP error carrying a metav1 Status, then closes the socket. */
export function refuseUpgrade(socket: Duplex, code: number, message: string): void {
  const reason = code === 403 ? 'Forbidden' : code === 500 ? 'InternalError' : 'BadRequest';
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
  const text = code === 403 ? 'Forbidden' : code === 500 ? 'Internal Server Error' : 'Bad Request';
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/** Completes a SPDY/3.1 upgrade; afterwards the socket carries raw SPDY frames. */
export function acceptSpdy(socket: Duplex, head: Buffer, protocol: string): void {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
  );
  if (head.length > 0) socket.unshift(head);
  noDelay(socket);
}

/** Completes a WebSocket upgrade selecting `protocol` ('' = none). */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): Promise<WebSocket> {
  if (protocol === TUNNEL_PROTOCOL) {
    req.headers['sec-websocket-protocol'] = headerList(req.headers['sec-websocket-protocol'])
      .map((p) => (p === TUNNEL_PROTOCOL ? TUNNEL_ALIAS : p))
      .join(', ');
    chosen.set(req, TUNNEL_ALIAS);
  } else if (protocol) {
    chosen.set(req, protocol);
  }
  noDelay(socket);
  return new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
}

/** Offered WebSocket subprotocols, in the client's order. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  return headerList(req.headers['sec-websocket-protocol']);
}

function noDelay(socket: Duplex): void {
  const s = socket as Duplex & { setNoDelay?: (v: boolean) => void };
  s.setNoDelay?.(true);
}
