/**
 * The raw SPDY/3.1 upgrade under a SPDY session (docs/kube-wire.md §6.1): `POST …/portforward`
 * with `Upgrade: SPDY/3.1`, after whose 101 the socket itself carries the SPDY frames. What
 * kubectl spoke before 1.31, and what it falls back to. Tried first: no WebSocket framing on
 * either side, and an API server relays it to the kubelet as it is (forward/README.md has the
 * figures). Refusals, the deadline and the words are those of the WebSocket tunnel.
 */
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { ClientOptions } from 'ws';
import { PortsideError } from '../../../../shared/errors.ts';
import { handshakeDeadline } from '../handshake-deadline.ts';
import type {
  Message,
  OpenTransport,
  SpdyTransport,
  TransportHandlers,
  TunnelOpen,
} from './transport.ts';
import { connectionFailedText, refusalOutcome, wrongProtocolText } from './upgrade-outcome.ts';

/** The stream protocol a kubelet's port-forward speaks over the raw upgrade. */
export const RAW_PROTOCOL = 'portforward.k8s.io';

/** How long a closed session's socket waits for the server's FIN before it is destroyed. */
const CLOSE_TIMEOUT_MS = 30_000;

/** The upgrade's URL: the pod's portforward subresource over http(s), ports in stream headers. */
const rawUrl = (url: string): string =>
  (url.split('?')[0] as string).replace(/^ws(s?):/, 'http$1:');

/** The upgrade request as kubectl sends it (not yet ended). */
function upgradeRequest(url: string, options: ClientOptions): ClientRequest {
  const target = rawUrl(url);
  return (target.startsWith('https:') ? https : http).request(target, {
    ...(options as https.RequestOptions),
    method: 'POST',
    headers: {
      ...options.headers,
      Connection: 'Upgrade',
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': RAW_PROTOCOL,
    },
  });
}

/**
 * Settles once the upgrade is answered: the upgraded socket (given to `attach`) or a refusal; rejects
 * on network/TLS errors, a wrong protocol or the deadline, after telling the session (`on.fail`).
 */
function awaitUpgrade(
  req: ClientRequest,
  handshakeTimeoutMs: number,
  on: TransportHandlers,
  attach: (socket: Socket, head: Buffer) => void,
): Promise<TunnelOpen> {
  return new Promise<TunnelOpen>((resolve, reject) => {
    const failWith = (message: string, err: Error): void => {
      on.fail(message);
      reject(err);
    };
    const stop = handshakeDeadline(handshakeTimeoutMs, (message) => {
      failWith(message, new PortsideError('Network', message));
      req.destroy();
    });
    req.on('upgrade', (res: IncomingMessage, s: Socket, head: Buffer) => {
      stop();
      const got = res.headers['x-stream-protocol-version'];
      if (got === RAW_PROTOCOL) {
        attach(s, head);
        return resolve({ ok: true });
      }
      s.destroy();
      const message = wrongProtocolText('protocol', got, 'SPDY upgrade');
      failWith(message, new PortsideError('Network', message));
    });
    req.on('response', (res: IncomingMessage) => {
      stop();
      void refusalOutcome(res, on.fail).then((outcome) => {
        req.destroy();
        resolve(outcome);
      });
    });
    req.on('error', (err) => {
      stop();
      failWith(connectionFailedText(err), err);
    });
  });
}

/** Writes one message: a small one is one buffer; a large payload goes after its head, uncopied. */
function writeMessage(socket: Socket, message: Message, done?: () => void): void {
  const cb = done && ((): void => done());
  if (Buffer.isBuffer(message)) {
    socket.write(message, cb);
    return;
  }
  socket.write(message[0]);
  socket.write(message[1], cb);
}

export const openRawTransport: OpenTransport = (url, options, handshakeTimeoutMs, on) => {
  let socket: Socket | undefined;
  let state: SpdyTransport['state'] = 'connecting';
  const attach = (s: Socket, head: Buffer): void => {
    socket = s;
    state = 'open';
    s.setTimeout(0);
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) => on.onData(chunk));
    s.on('error', () => undefined); // 'close' follows and ends the session with its reason
    s.on('close', () => {
      state = 'closed';
      on.onClose();
    });
    on.onOpen();
    if (head.length > 0) on.onData(head);
  };
  const req = upgradeRequest(url, options);
  const fail = (reason: string): void => {
    state = 'closed';
    on.fail(reason);
  };
  const opened = awaitUpgrade(req, handshakeTimeoutMs, { ...on, fail }, attach);
  opened.catch(() => undefined);
  req.end();
  return {
    opened,
    get state() {
      return state;
    },
    get bufferedAmount() {
      return socket?.writableLength ?? 0;
    },
    write(message, done) {
      if (socket && state === 'open') writeMessage(socket, message, done);
      else done?.();
    },
    pause: () => socket?.pause(),
    resume: () => {
      if (socket?.isPaused()) socket.resume();
    },
    end: () => {
      state = 'closed';
      if (!socket) return void req.destroy();
      socket.end();
      // A server that never closes its side must not keep the socket: as ws's close timeout.
      socket.setTimeout(CLOSE_TIMEOUT_MS, () => socket?.destroy());
    },
  };
};
