/**
 * The WebSocket tunnel under a SPDY session (docs/kube-wire.md §6.2: `SPDY/3.1+portforward.k8s.io`),
 * what kubectl ≥ 1.31 speaks first: opens the upgrade, checks the subprotocol the server echoes,
 * turns a refusal into the server's words and gives the whole handshake a deadline. Outgoing
 * messages go straight onto the upgraded socket (ws-frame.ts); `ws` receives.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { type ClientOptions } from 'ws';
import { PortsideError } from '../../../../shared/errors.ts';
import { handshakeDeadline } from '../handshake-deadline.ts';
import {
  messageBytes,
  type OpenTransport,
  type SpdyTransport,
  type TunnelOpen,
} from './transport.ts';
import { connectionFailedText, refusalOutcome, wrongProtocolText } from './upgrade-outcome.ts';
import { writeBinaryFrame } from './ws-frame.ts';

export const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** Upgrade URL as kubectl sends it: ports travel as stream headers, not in the query. */
const tunnelUrl = (url: string): string => url.split('?')[0] as string;

/** An opening tunnel: `socket()` is the upgraded socket once the server said 101 (ws-frame.ts). */
interface Tunnel {
  ws: WebSocket;
  opened: Promise<TunnelOpen>;
  socket(): Duplex | undefined;
}

/**
 * Starts the upgrade. `opened` settles once it is answered and rejects on network/TLS errors or
 * the deadline; `fail(reason)` is told first, so the session ends with the same words.
 */
function openTunnel(
  url: string,
  options: ClientOptions,
  handshakeTimeoutMs: number,
  fail: (reason: string) => void,
): Tunnel {
  // ws rejects '/' in its `protocols` argument (RFC 7230 tokens), so the header is set by hand
  // and the server's echo is checked (then hidden from ws) in the 'upgrade' listener.
  const ws = new WebSocket(tunnelUrl(url), [], {
    ...options,
    headers: { ...options.headers, 'Sec-WebSocket-Protocol': TUNNEL_PROTOCOL },
    perMessageDeflate: false,
  });
  ws.binaryType = 'nodebuffer';
  let upgraded: Duplex | undefined;
  const opened = new Promise<TunnelOpen>((resolve, reject) => {
    const stop = handshakeDeadline(handshakeTimeoutMs, (message) => {
      fail(message);
      reject(new PortsideError('Network', message));
      ws.terminate();
    });
    for (const ev of ['upgrade', 'unexpected-response', 'error']) ws.once(ev, stop);
    ws.on('upgrade', (res: IncomingMessage) => {
      upgraded = res.socket;
      checkProtocol(ws, res);
    });
    ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      void refusalOutcome(res, fail).then((outcome) => {
        req.destroy();
        resolve(outcome);
      });
    });
    ws.on('open', () => resolve({ ok: true }));
    ws.on('error', (err) => {
      fail(connectionFailedText(err));
      reject(err);
    });
  });
  opened.catch(() => undefined);
  return { ws, opened, socket: () => upgraded };
}

function checkProtocol(ws: WebSocket, res: IncomingMessage): void {
  const got = res.headers['sec-websocket-protocol'];
  delete res.headers['sec-websocket-protocol'];
  if (got !== TUNNEL_PROTOCOL) {
    ws.emit('error', new Error(wrongProtocolText('subprotocol', got, 'SPDY tunnel')));
    ws.terminate();
  }
}

const STATES = ['connecting', 'open', 'closed', 'closed'] as const;

/**
 * Opens a SPDY session's WebSocket tunnel. While it is open a message is written straight to the
 * upgraded socket: `ws`'s sender never queues here (per-message deflate is off), so the order
 * with its own control frames holds.
 */
export const openWebSocketTransport: OpenTransport = (url, options, handshakeTimeoutMs, on) => {
  const { ws, opened, socket } = openTunnel(url, options, handshakeTimeoutMs, on.fail);
  ws.on('open', () => on.onOpen());
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) on.onData(data);
    else on.onProtocolError('port-forward protocol error: a text frame in the SPDY tunnel');
  });
  ws.on('close', () => on.onClose());
  const transport: SpdyTransport = {
    opened,
    get state() {
      return STATES[ws.readyState] ?? 'closed';
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    write(message, done) {
      const upgraded = socket();
      if (upgraded && ws.readyState === WebSocket.OPEN) writeBinaryFrame(upgraded, message, done);
      else ws.send(messageBytes(message), { binary: true }, done && (() => done()));
    },
    pause: () => ws.pause(),
    resume: () => {
      if (ws.isPaused) ws.resume();
    },
    end: () => {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };
  return transport;
};
