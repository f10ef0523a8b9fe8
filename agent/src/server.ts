/**
 * The agent's one listener (the pod's loopback only; the engine reaches it through a Kubernetes
 * port-forward): a handshake line per connection, then HTTP/2 in the role the hello asked for.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer as h2server, type ServerHttp2Session } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';
import { handleConnect } from './connect.ts';
import { catchPort, serveIncoming } from './incoming.ts';
import type { Lifetime } from './lifetime.ts';
import { MAX_HANDSHAKE, parseHello, PROTOCOL_VERSION, type Hello, type Reply } from './protocol.ts';
import { readLine } from './read-line.ts';
import { keepAlive } from './keepalive.ts';

export interface AgentOptions {
  port: number;
  host?: string;
  /** sha256 (hex) of the per-session secret the engine generated. */
  secretHash: string;
  lifetime: Lifetime;
  log(line: string): void;
  pingMs?: number;
}

/** Flow-control windows: large enough for throughput, per stream so one reader stalls only itself. */
export const H2_SETTINGS = { initialWindowSize: 1 << 20, maxConcurrentStreams: 1000 };

function secretOk(secret: string, hash: string): boolean {
  const got = createHash('sha256').update(secret).digest();
  const want = Buffer.from(hash, 'hex');
  return want.length === got.length && timingSafeEqual(got, want);
}

export function startAgentServer(o: AgentOptions): Promise<Server> {
  const pingMs = o.pingMs ?? 15_000;
  const h2 = h2server({ settings: H2_SETTINGS });
  h2.on('session', (session: ServerHttp2Session) => {
    const end = o.lifetime.begin();
    const stop = keepAlive(session, pingMs);
    session.setLocalWindowSize(16 << 20);
    session.on('error', () => undefined);
    session.once('close', () => (stop(), end()));
  });
  h2.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    handleConnect(stream, headers).catch((err: unknown) => {
      o.log(`connect failed: ${String(err)}`);
      stream.close();
    });
  });

  const reply = (socket: Socket, r: Reply): void => void socket.write(`${JSON.stringify(r)}\n`);
  const refuse = (socket: Socket, why: string): void => {
    o.log(`refused a connection: ${why}`);
    reply(socket, { ok: false, error: why });
    socket.end();
  };
  const incoming = async (socket: Socket, hello: Hello): Promise<void> => {
    const end = o.lifetime.begin();
    try {
      const caught = await catchPort(hello.port!, hello.mode ?? 'auto');
      reply(socket, { ok: true, v: PROTOCOL_VERSION, mode: caught.mode });
      o.log(`port ${hello.port} caught (${caught.mode})`);
      const session = serveIncoming(socket, caught, () => {
        o.log(`port ${hello.port} released`);
        end();
      });
      session.on('connect', () => session.setLocalWindowSize(16 << 20));
      const stop = keepAlive(session, pingMs);
      session.once('close', stop);
    } catch (err) {
      end();
      refuse(socket, (err as Error).message);
    }
  };
  const onSocket = async (socket: Socket): Promise<void> => {
    socket.on('error', () => undefined);
    let hello: Hello | undefined;
    try {
      const { line, rest } = await readLine(socket, MAX_HANDSHAKE, 10_000);
      hello = parseHello(line);
      if (hello && rest.length) return refuse(socket, 'data sent before the handshake reply');
    } catch (err) {
      return void (o.log(`handshake failed: ${(err as Error).message}`), socket.destroy());
    }
    if (!hello) return refuse(socket, 'not a Portside handshake');
    if (hello.v !== PROTOCOL_VERSION)
      return refuse(socket, `protocol ${hello.v} not supported (agent speaks ${PROTOCOL_VERSION})`);
    if (!secretOk(hello.secret, o.secretHash)) return refuse(socket, 'wrong session secret');
    if (hello.role === 'incoming') return incoming(socket, hello);
    reply(socket, { ok: true, v: PROTOCOL_VERSION });
    // Lifetime: the session ends with its socket, even with streams still waiting on flow control
    // (else a vanished engine would keep the agent from ever going idle). 'session' is emitted
    // synchronously by 'connection', so this listener gets this socket's session.
    h2.once('session', (session: ServerHttp2Session) =>
      socket.once('close', () => session.destroy()),
    );
    h2.emit('connection', socket);
    socket.resume();
  };
  const server = createServer((s) => void onSocket(s));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.host ?? '127.0.0.1', port: o.port }, () => resolve(server));
  });
}
