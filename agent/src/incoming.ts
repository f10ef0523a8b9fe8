/**
 * -R: catches a pod port and hands every connection to the engine as a stream of a role-reversed
 * HTTP/2 session (the agent is the client). `listen`: nothing owns the port, the agent binds it.
 * `steal`: the app owns it, iptables redirects it to an agent listener. `auto` picks by trying to
 * bind. Lifetime: the catch lasts as long as the session; closing it releases port and rules.
 */
import { connect as h2connect, constants, type ClientHttp2Session } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';
import { pipeStreams } from './pipe.ts';
import { H_PEER, INCOMING_PATH, type IncomingMode } from './protocol.ts';
import { releasePort, stealPort, StealError } from './iptables.ts';

export interface Caught {
  mode: 'steal' | 'listen';
  server: Server;
  release(): Promise<void>;
}

function bind(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
    server.once('error', reject);
    server.listen({ host: '0.0.0.0', port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

const inUse = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EADDRINUSE';

/** Catches `port` in the requested mode; rejects with words the user can act on. */
export async function catchPort(port: number, mode: IncomingMode): Promise<Caught> {
  if (mode !== 'steal') {
    try {
      const server = await bind(port);
      return { mode: 'listen', server, release: async () => void server.close() };
    } catch (err) {
      if (!inUse(err))
        throw new Error(`cannot listen on port ${port} in the pod: ${String(err)}`, { cause: err });
      if (mode === 'listen')
        throw new Error(
          `port ${port} is in use in the pod (its app listens there): use steal mode to take its traffic`,
          { cause: err },
        );
    }
  }
  const server = await bind(0);
  const to = (server.address() as { port: number }).port;
  try {
    await stealPort(port, to);
  } catch (err) {
    server.close();
    throw err instanceof StealError ? err : new Error(String(err), { cause: err });
  }
  return {
    mode: 'steal',
    server,
    release: async () => {
      server.close();
      await releasePort(port, to);
    },
  };
}

/** Delivers each caught connection over `socket` (already past the handshake) until it closes. */
export function serveIncoming(
  socket: Socket,
  caught: Caught,
  onClose: () => void,
): ClientHttp2Session {
  const session = h2connect('http://portside-engine', { createConnection: () => socket });
  session.on('error', () => undefined); // 'close' follows
  socket.once('close', () => session.destroy()); // the session ends with its socket, whatever waits
  const onConnection = (client: Socket): void => {
    client.on('error', () => undefined);
    if (session.closed || session.destroyed) return void client.resetAndDestroy();
    const peer = `${client.remoteAddress ?? '?'}:${client.remotePort ?? 0}`;
    const req = session.request({ ':method': 'POST', ':path': INCOMING_PATH, [H_PEER]: peer });
    req.on('error', () => undefined);
    let answered = false;
    req.once('response', (headers) => {
      answered = true;
      if (headers[':status'] !== 200) {
        client.resetAndDestroy(); // nothing listens locally: the remote client sees a reset
        req.close(constants.NGHTTP2_CANCEL);
        return;
      }
      pipeStreams(req, client);
      client.resume();
    });
    req.once('close', () => {
      if (!answered && !client.destroyed) client.resetAndDestroy();
    });
  };
  caught.server.on('connection', onConnection);
  session.once('close', () => {
    caught.server.off('connection', onConnection);
    void caught.release().finally(onClose);
  });
  return session;
}
