/**
 * -L: one HTTP/2 CONNECT stream per local connection. The host is resolved with the pod's own
 * system resolver (getaddrinfo: its resolv.conf search path and ndots, /etc/hosts), then dialled.
 */
import { lookup } from 'node:dns/promises';
import type { ServerHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { H_ADDRESS, H_ERROR, H_REASON, type ConnectError } from './protocol.ts';
import { pipeStreams } from './pipe.ts';

const DIAL_TIMEOUT_MS = 10_000;

interface Failure {
  code: ConnectError;
  reason: string;
}

const dnsFailure = (host: string, err: NodeJS.ErrnoException): Failure =>
  err.code === 'ENOTFOUND' || err.code === 'ENODATA'
    ? { code: 'nxdomain', reason: `${host}: no such host (NXDOMAIN) as the pod resolves it` }
    : err.code === 'ETIMEOUT' || err.code === 'EAI_AGAIN'
      ? { code: 'timeout', reason: `${host}: DNS lookup timed out in the pod (${err.code})` }
      : {
          code: 'other',
          reason: `${host}: DNS lookup failed in the pod (${err.code ?? err.message})`,
        };

const dialFailure = (addr: string, err: NodeJS.ErrnoException): Failure => {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', reason: `${addr} refused the connection (nothing listens there)` };
    case 'ETIMEDOUT':
      return {
        code: 'timeout',
        reason: `${addr} did not answer within ${DIAL_TIMEOUT_MS / 1000} s`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'unreachable', reason: `${addr} is unreachable from the pod (${err.code})` };
    default:
      return { code: 'other', reason: `connecting to ${addr} failed: ${err.code ?? err.message}` };
  }
};

/** Splits `host:port` (`[v6]:port` too). */
export function splitAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(authority);
  const port = Number(m?.[2]);
  if (!m || !m[1] || port < 1 || port > 65535) return undefined;
  return { host: m[1], port };
}

function dial(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect({ host: address, port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      s.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, DIAL_TIMEOUT_MS);
    s.once('connect', () => {
      clearTimeout(timer);
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Answers one CONNECT stream: resolve, dial, 200 + the address, then relay until both sides end. */
export async function handleConnect(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
): Promise<void> {
  const target = splitAuthority(String(headers[':authority'] ?? ''));
  const fail = (f: Failure): void => {
    if (stream.destroyed) return;
    stream.respond(
      { ':status': 502, [H_ERROR]: f.code, [H_REASON]: f.reason },
      { endStream: true },
    );
  };
  if (headers[':method'] !== 'CONNECT' || !target)
    return fail({ code: 'other', reason: 'bad request: expected CONNECT host:port' });
  let address = target.host;
  if (!isIP(address)) {
    try {
      address = (await lookup(target.host, { family: 0, verbatim: true })).address;
    } catch (err) {
      return fail(dnsFailure(target.host, err as NodeJS.ErrnoException));
    }
  }
  const shown = isIP(address) === 6 ? `[${address}]:${target.port}` : `${address}:${target.port}`;
  let socket: Socket;
  try {
    socket = await dial(address, target.port);
  } catch (err) {
    return fail(dialFailure(shown, err as NodeJS.ErrnoException));
  }
  if (stream.destroyed) return void socket.destroy();
  stream.respond({ ':status': 200, [H_ADDRESS]: shown });
  pipeStreams(stream, socket);
}
