/**
 * A `dial` connection: connects to the pod's own localhost:port, as the kubelet's port-forward
 * does (so listeners bound only to 127.0.0.1 in the pod are reachable), then pipes raw bytes.
 * Half-close is passed through both ways (allowHalfOpen on both sockets).
 */
import { connect, type Socket } from 'node:net';
import { writeLine } from './protocol.ts';

function tryConnect(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, allowHalfOpen: true });
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Serves one dial connection whose header has been read. */
export async function serveDial(sock: Socket, port: number): Promise<void> {
  let target: Socket;
  try {
    target = await tryConnect('127.0.0.1', port).catch(() => tryConnect('::1', port));
  } catch (err) {
    writeLine(sock, { ok: false, error: (err as Error).message });
    sock.end();
    return;
  }
  writeLine(sock, { ok: true });
  sock.on('error', () => target.destroy());
  target.on('error', () => sock.destroy());
  // A normal end travels through pipe() as a half-close; only an abort (reset) aborts the other side.
  sock.on('close', () => {
    if (!sock.readableEnded) target.destroy();
  });
  target.on('close', () => {
    if (!target.readableEnded) sock.destroy();
  });
  sock.pipe(target);
  target.pipe(sock);
  sock.resume();
}
