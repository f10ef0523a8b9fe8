/**
 * A loopback TCP relay in front of a server, for tests that need the network to misbehave on one
 * connection: each accepted connection is recorded in order and can be cut on its own. With
 * `silent`, it accepts connections and never answers (an API server that hangs).
 */
import net, { type AddressInfo } from 'node:net';

export interface TcpRelay {
  port: number;
  /** Accepted client sockets, in order. */
  readonly accepted: net.Socket[];
  /** Destroys both halves of the n-th accepted connection (0-based), as a dropped link does. */
  cut(n: number): void;
  close(): Promise<void>;
}

export async function startTcpRelay(
  target: { host: string; port: number } | 'silent',
): Promise<TcpRelay> {
  const accepted: net.Socket[] = [];
  const upstreams = new Map<net.Socket, net.Socket>();
  const server = net.createServer((client) => {
    accepted.push(client);
    client.on('error', () => {});
    if (target === 'silent') return;
    const up = net.connect(target.port, target.host);
    upstreams.set(client, up);
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    client.pipe(up).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    cut(n) {
      const c = accepted[n];
      if (!c) throw new Error(`no connection #${n} (have ${accepted.length})`);
      upstreams.get(c)?.destroy();
      c.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of accepted) c.destroy();
        server.close(() => r());
      }),
  };
}
