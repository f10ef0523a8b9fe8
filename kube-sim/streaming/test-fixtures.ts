/**
 * Test fixtures for the streaming endpoints: a fake pod runtime whose ports map to local
 * servers, a plain-HTTP upgrade server routing to the handlers, and a raw SPDY upgrade client.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ExecIO, PodRef, PodRuntime } from '../runtime/types.ts';
import type { StreamContext } from './context.ts';
import { handleExecUpgrade, handlePortForwardUpgrade } from './index.ts';

export const POD: PodRef = { namespace: 'default', name: 'web-0', uid: 'uid-123' };

export type ExecFn = (argv: string[], io: ExecIO) => Promise<number>;

export interface FakeCluster {
  ctx: StreamContext & { container: string };
  /** Live streams registered through ctx.track. */
  tracked: Set<() => void>;
  /** Every pod connection dial() handed out. */
  dialed: Duplex[];
}

/** A context whose pod serves `ports` (pod port → 127.0.0.1 port) and runs `exec`. */
export function fakeCluster(ports: Record<number, number>, exec?: ExecFn): FakeCluster {
  const tracked = new Set<() => void>();
  const dialed: Duplex[] = [];
  const runtime: Partial<PodRuntime> = {
    mode: 'loopback',
    dial: (_pod, port) =>
      new Promise((resolve, reject) => {
        const target = ports[port];
        if (target === undefined)
          return reject(new Error(`dial tcp4 127.0.0.1:${port}: connect: connection refused`));
        const s = connect({ host: '127.0.0.1', port: target, allowHalfOpen: true });
        s.once('connect', () => (dialed.push(s), resolve(s)));
        s.once('error', reject);
      }),
    exec: async (_pod, _container, argv, io) => (exec ? exec(argv, io) : 0),
  };
  const ctx = {
    pod: POD,
    runtime: runtime as PodRuntime,
    container: 'app',
    faults: { refuseWebSocket: false, refuseSpdy: false, refuseAll: false },
    track(close: () => void) {
      tracked.add(close);
      return () => tracked.delete(close);
    },
  };
  return { ctx, tracked, dialed };
}

export interface UpgradeServer {
  port: number;
  close(): Promise<void>;
}

/** A plain HTTP server that hands /portforward and /exec upgrades to the handlers. */
export async function upgradeServer(cluster: FakeCluster): Promise<UpgradeServer> {
  const sockets = new Set<Duplex>();
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (req.url?.includes('/portforward')) handlePortForwardUpgrade(req, socket, head, cluster.ctx);
    else handleExecUpgrade(req, socket, head, cluster.ctx);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        for (const d of cluster.dialed) d.destroy();
        server.close(() => r());
      }),
  };
}

export interface RawUpgrade {
  status: number;
  head: string;
  body: string;
  socket: Socket;
}

/** Sends a raw `POST` SPDY/3.1 upgrade; on 101 the socket then carries SPDY frames. */
export function spdyUpgrade(port: number, path: string, protocols: string[]): Promise<RawUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    const lines = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
    ];
    for (const p of protocols) lines.push(`X-Stream-Protocol-Version: ${p}`);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    let buf = Buffer.alloc(0);
    let headerSeen = false;
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || headerSeen) return;
      headerSeen = true;
      const head = buf.subarray(0, end).toString('latin1');
      const status = Number(head.split(' ')[1]);
      if (status === 101) {
        socket.off('data', onData);
        socket.pause();
        if (buf.length > end + 4) socket.unshift(buf.subarray(end + 4));
        return resolve({ status, head, body: '', socket });
      }
      socket.once('end', () =>
        resolve({ status, head, body: buf.subarray(end + 4).toString('utf8'), socket }),
      );
    };
    socket.on('data', onData);
  });
}

/** Polls `cond` until it holds or `ms` pass (tests wait for states, never for fixed times). */
export async function waitFor(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
