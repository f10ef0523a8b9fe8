/**
 * The engine's side of the agent protocol (agent/PROTOCOL.md) over any duplex that reaches the
 * agent port (in practice a Kubernetes port-forward): the handshake line, then an HTTP/2 client
 * session for -L or a role-reversed HTTP/2 server session for -R.
 */
import {
  connect as h2connect,
  createServer as h2server,
  type ClientHttp2Session,
  type ServerHttp2Session,
  type ServerHttp2Stream,
  type IncomingHttpHeaders,
} from 'node:http2';
import type { Duplex } from 'node:stream';
import { PortsideError } from '../../../shared/errors.ts';
import {
  H_ADDRESS,
  H_ERROR,
  H_REASON,
  MAX_HANDSHAKE,
  parseReply,
  PROTOCOL_VERSION,
  type Hello,
  type IncomingMode,
} from '../../../agent/src/protocol.ts';
import { readLine } from '../../../agent/src/read-line.ts';
import { keepAlive } from '../../../agent/src/keepalive.ts';
import { AgentStream } from './agent-stream.ts';

const H2_SETTINGS = { initialWindowSize: 1 << 20, maxConcurrentStreams: 1000 };

/** Sends the hello and reads the agent's answer; leftover bytes go back to the stream. */
async function handshake(
  stream: Duplex,
  hello: Hello,
  timeoutMs: number,
): Promise<{ mode?: 'steal' | 'listen' }> {
  stream.write(`${JSON.stringify(hello)}\n`);
  try {
    return await readReply(stream, timeoutMs);
  } catch (err) {
    stream.destroy(); // a refused or failed handshake leaves no port-forward open
    throw err;
  }
}

async function readReply(
  stream: Duplex,
  timeoutMs: number,
): Promise<{ mode?: 'steal' | 'listen' }> {
  const { line, rest } = await readLine(stream, MAX_HANDSHAKE, timeoutMs).catch((err: unknown) => {
    throw new PortsideError(
      'Network',
      `the agent did not answer the handshake: ${(err as Error).message}`,
    );
  });
  if (rest.length) stream.unshift(rest);
  const reply = parseReply(line);
  if (!reply)
    throw new PortsideError(
      'Network',
      'the agent answered something that is not the Portside protocol',
    );
  if (!reply.ok) throw new PortsideError('Network', reply.error);
  return reply.mode ? { mode: reply.mode } : {};
}

export interface SessionOptions {
  secret: string;
  timeoutMs?: number;
  pingMs?: number;
}

/** Opens the -L session: the agent is the HTTP/2 server. */
export async function openConnectSession(
  stream: Duplex,
  o: SessionOptions,
): Promise<ClientHttp2Session> {
  await handshake(
    stream,
    { v: PROTOCOL_VERSION, secret: o.secret, role: 'connect' },
    o.timeoutMs ?? 10_000,
  );
  const session = h2connect('http://portside-agent', {
    createConnection: () => stream as never,
    settings: H2_SETTINGS,
  });
  session.on('error', () => undefined);
  session.once('connect', () => session.setLocalWindowSize(16 << 20));
  const stop = keepAlive(session, o.pingMs ?? 15_000, true);
  // Lifetime: the transport (a port-forward) lives exactly as long as the session.
  session.once('close', () => (stop(), stream.destroy()));
  return session;
}

/** One CONNECT through the agent; resolves once the agent reached the host, else rejects in words. */
export function agentConnect(
  session: ClientHttp2Session,
  host: string,
  port: number,
  pod: string,
): Promise<AgentStream> {
  return new Promise((resolve, reject) => {
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const req = session.request({ ':method': 'CONNECT', ':authority': authority });
    req.on('error', (err) =>
      reject(new PortsideError('Network', `agent stream failed: ${err.message}`)),
    );
    req.once('close', () => reject(new PortsideError('Network', 'the agent session closed')));
    req.once('response', (headers: IncomingHttpHeaders) => {
      if (Number(headers[':status']) === 200)
        return resolve(new AgentStream(req, String(headers[H_ADDRESS] ?? authority), pod));
      const reason = String(headers[H_REASON] ?? `the agent refused (HTTP ${headers[':status']})`);
      reject(new PortsideError(headers[H_ERROR] === 'nxdomain' ? 'NotFound' : 'Network', reason));
      req.close();
    });
  });
}

export interface IncomingSession {
  mode: 'steal' | 'listen';
  session: ServerHttp2Session;
}

/** Opens a -R session: the agent catches `port` and becomes the HTTP/2 client of `onStream`. */
export async function openIncomingSession(
  stream: Duplex,
  o: SessionOptions & { port: number; mode: IncomingMode },
  onStream: (s: ServerHttp2Stream, headers: IncomingHttpHeaders) => void,
): Promise<IncomingSession> {
  const hello: Hello = {
    v: PROTOCOL_VERSION,
    secret: o.secret,
    role: 'incoming',
    port: o.port,
    mode: o.mode,
  };
  const { mode } = await handshake(stream, hello, o.timeoutMs ?? 15_000);
  const server = h2server({ settings: H2_SETTINGS });
  const session = await new Promise<ServerHttp2Session>((resolve) => {
    server.once('session', resolve);
    server.emit('connection', stream);
  });
  session.on('error', () => undefined);
  session.on('stream', onStream);
  session.setLocalWindowSize(16 << 20);
  const stop = keepAlive(session, o.pingMs ?? 15_000, true);
  session.once('close', () => (stop(), stream.destroy()));
  return { mode: mode ?? 'listen', session };
}
