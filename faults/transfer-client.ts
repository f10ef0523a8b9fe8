/**
 * One verified download through a forward: `GET /bytes?n=&seed=` from a kube-sim http pod, hashed
 * as it streams (nothing held in memory) and checked against the pod's `x-sha256`. The result says
 * how many bytes arrived and whether they are exactly the bytes the pod meant to send.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';

export interface Transfer {
  /** The client's local port: how the engine's record of this connection is found. */
  localPort: number;
  /** Body bytes the pod announced. */
  expected: number;
  received: number;
  /** Every byte arrived and the sha256 matches. */
  verified: boolean;
  /** Socket-level error, if the connection ended with one. */
  error?: string;
  /** Why it failed, when the scenario knows it from a record other than the -L connection's. */
  reason?: string;
}

export interface TransferHandle {
  socket: net.Socket;
  done: Promise<Transfer>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Starts the download; `done` settles when the connection closes, however it closes. */
export function startTransfer(port: number, n: number, seed = 1): TransferHandle {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const hash = createHash('sha256');
  let head: Buffer | null = Buffer.alloc(0);
  let expectedSha = '';
  let received = 0;
  let error: string | undefined;
  let localPort = 0;
  socket.on('connect', () => {
    localPort = socket.localPort ?? 0;
    socket.write(`GET /bytes?n=${n}&seed=${seed} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
  socket.on('data', (d: Buffer) => {
    if (head === null) {
      received += d.length;
      hash.update(d);
      return;
    }
    head = Buffer.concat([head, d]);
    const at = head.indexOf(HEAD_END);
    if (at < 0) return;
    expectedSha =
      /x-sha256:\s*([0-9a-f]+)/i.exec(head.subarray(0, at).toString('latin1'))?.[1] ?? '';
    const body = head.subarray(at + 4);
    head = null;
    received += body.length;
    hash.update(body);
  });
  socket.on('error', (e) => (error = e.message));
  const done = new Promise<Transfer>((resolve) =>
    socket.on('close', () =>
      resolve({
        localPort,
        expected: n,
        received,
        verified: received === n && expectedSha !== '' && hash.digest('hex') === expectedSha,
        ...(error ? { error } : {}),
      }),
    ),
  );
  return { socket, done };
}
