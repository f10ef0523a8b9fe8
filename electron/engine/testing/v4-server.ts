/**
 * A tiny kubelet-like v4 port-forward server for tests (docs/kube-wire.md §3): on each
 * WebSocket it dials the pod's port, writes the two port prefixes, relays channel 0 and closes
 * when the pod side ends. Backends are chosen per (namespace, pod, port) by the test.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type Backend = { host: string; port: number } | { error: string } | undefined;

export interface V4Server {
  port: number;
  url(ns: string, pod: string, port: number): string;
  /** Closes every stream of a pod, as a dying pod's kubelet does. */
  killPod(pod: string): void;
  /** Upgrades accepted so far, per pod. */
  upgrades: Map<string, number>;
  open(): number;
  close(): Promise<void>;
}

export interface V4ServerOptions {
  backend(ns: string, pod: string, port: number): Backend;
  /** Answer this subprotocol instead of v4 (to test rejection). */
  answerProtocol?: string;
  /** Refuse upgrades with this HTTP status and Status message. */
  refuse?: { code: number; message: string };
  /** false: never answer pings (a dead API server path). */
  autoPong?: boolean;
}

const frame = (ch: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([ch]), data]);
const prefix = (port: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
};

function relay(ws: WebSocket, port: number, backend: Backend): void {
  ws.send(frame(0, prefix(port)));
  ws.send(frame(1, prefix(port)));
  if (!backend || 'error' in backend) {
    ws.send(frame(1, Buffer.from(backend?.error ?? `error forwarding port ${port}: no such pod`)));
    ws.close(1000);
    return;
  }
  const sock = net.connect(backend.port, backend.host);
  sock.setNoDelay(true);
  sock.on('data', (d: Buffer) => {
    ws.send(frame(0, d));
    if (ws.bufferedAmount > 1 << 20) {
      sock.pause();
      const wait = (): void =>
        ws.bufferedAmount > 1 << 18 ? void setTimeout(wait, 1) : void sock.resume();
      wait();
    }
  });
  sock.on('end', () => ws.close(1000));
  sock.on('error', (err) => {
    if (ws.readyState === ws.OPEN)
      ws.send(frame(1, Buffer.from(`error forwarding port ${port}: ${err.message}`)));
    ws.close(1000);
  });
  ws.on('message', (m: Buffer) => {
    if (m[0] === 0 && m.length > 1 && !sock.write(m.subarray(1))) {
      ws.pause();
      sock.once('drain', () => ws.resume());
    }
  });
  ws.on('close', () => sock.destroy());
}

export async function startV4Server(opts: V4ServerOptions): Promise<V4Server> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    autoPong: opts.autoPong ?? true,
    handleProtocols: (protocols) =>
      opts.answerProtocol ?? (protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
  });
  const byPod = new Map<string, Set<WebSocket>>();
  const upgrades = new Map<string, number>();
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(u.pathname);
    if (!m || opts.refuse) {
      const code = opts.refuse?.code ?? 404;
      const body = JSON.stringify({
        kind: 'Status',
        message: opts.refuse?.message ?? 'not found',
        code,
      });
      socket.end(
        `HTTP/1.1 ${code} No\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    const [, ns = '', pod = ''] = m;
    const port = Number(u.searchParams.get('ports'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgrades.set(pod, (upgrades.get(pod) ?? 0) + 1);
      const set = byPod.get(pod) ?? new Set();
      byPod.set(pod, set.add(ws));
      ws.on('close', () => set.delete(ws));
      relay(ws, port, opts.backend(ns, pod, port));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (ns, pod, p) =>
      `ws://127.0.0.1:${port}/api/v1/namespaces/${ns}/pods/${pod}/portforward?ports=${p}`,
    killPod(pod) {
      for (const ws of byPod.get(pod) ?? []) ws.terminate();
    },
    upgrades,
    open: () => [...byPod.values()].reduce((n, s) => n + s.size, 0),
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
