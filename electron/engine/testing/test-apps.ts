/** Small TCP apps for tests: echo, banner (server speaks first), HTTP-ish request/response. */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface App {
  host: string;
  port: number;
  close(): Promise<void>;
}

async function serve(handler: (s: net.Socket) => void): Promise<App> {
  const server = net.createServer({ allowHalfOpen: true }, handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Echoes everything; ends its side after the client's FIN. */
export const echoApp = (): Promise<App> => serve((s) => s.pipe(s));

/** Sends `BANNER <name>\n` at once, then echoes. */
export const bannerApp = (name: string): Promise<App> =>
  serve((s) => {
    s.write(`BANNER ${name}\n`);
    s.pipe(s);
  });

/** Reads one line, answers `name: <line>` and closes (the pod's FIN). */
export const lineApp = (name: string): Promise<App> =>
  serve((s) => {
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) s.end(`${name}: ${buf.slice(0, i)}\n`);
    });
  });
