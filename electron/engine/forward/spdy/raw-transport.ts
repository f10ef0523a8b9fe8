/**
 * The raw SPDY/3.1 upgrade under a SPDY session (docs/kube-wire.md §6.1): `POST …/portforward`
 * with `Upgrade: SPDY/3.1`, after whose 101 the socket itself carries the SPDY frames. What
 * kubectl spoke before 1.31, and what it falls back to. Tried first: no WebSocket framing on
 * either side, and an API server relays it to the kubelet as it is (forward/README.md has the
 * figures). Refusals, the deadline and the words are those of the WebSocket tunnel.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { PortsideError } from '../../../../shared/errors.ts';
import { handshakeDeadline } from '../handshake-deadline.ts';
import { readRefusal } from '../upgrade-refusal.ts';
import type { Message, OpenTransport, SpdyTransport, TunnelOpen } from './transport.ts';

/** The stream protocol a kubelet's port-forward speaks over the raw upgrade. */
export const RAW_PROTOCOL = 'portforward.k8s.io';

/** How long a closed session's socket waits for the server's FIN before it is destroyed. */
const CLOSE_TIMEOUT_MS = 30_000;

/** The upgrade's URL: the pod's portforward subresource over http(s), ports in stream headers. */
const rawUrl = (url: string): string =>
  (url.split('?')[0] as string).replace(/^ws(s?):/, 'http$1:');

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
  const target = rawUrl(url);
  const req = (target.startsWith('https:') ? https : http).request(target, {
    ...(options as https.RequestOptions),
    method: 'POST',
    headers: {
      ...options.headers,
      Connection: 'Upgrade',
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': RAW_PROTOCOL,
    },
  });
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
  const opened = new Promise<TunnelOpen>((resolve, reject) => {
    const failWith = (message: string, err: Error): void => {
      state = 'closed';
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
      const message = `the API server answered protocol "${String(got ?? '')}" to the SPDY upgrade`;
      failWith(message, new PortsideError('Network', message));
    });
    req.on('response', (res: IncomingMessage) => {
      stop();
      void readRefusal(res).then((error) => {
        req.destroy();
        state = 'closed';
        on.fail(error.message);
        resolve({ ok: false, status: res.statusCode ?? 0, error });
      });
    });
    req.on('error', (err) => {
      stop();
      failWith(`the connection to the API server failed: ${err.message}`, err);
    });
  });
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
