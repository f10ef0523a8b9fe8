/** Test clients for local listeners: send, optionally half-close, collect everything received. */
import net from 'node:net';

export interface Exchange {
  received: Buffer;
  /** true when the far side's FIN arrived (not a reset) */
  gotEnd: boolean;
}

/** Connects, writes `send`, half-closes when asked, resolves when the socket closes. */
export function exchange(
  port: number,
  send?: Buffer | string,
  opts: { halfClose?: boolean; host?: string } = {},
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: opts.host ?? '127.0.0.1', allowHalfOpen: true });
    const parts: Buffer[] = [];
    let gotEnd = false;
    s.on('connect', () => {
      if (send !== undefined) s.write(send);
      if (opts.halfClose) s.end();
    });
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('end', () => {
      gotEnd = true;
      if (!opts.halfClose) s.end();
    });
    s.on('error', reject);
    s.on('close', () => resolve({ received: Buffer.concat(parts), gotEnd }));
  });
}

/** Connects and resolves with the socket plus a growing buffer of what it received. */
export function connect(port: number): Promise<{ socket: net.Socket; text: () => string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('error', () => {});
    s.once('connect', () => resolve({ socket: s, text: () => got }));
    s.once('error', reject);
  });
}

/** A port that was free a moment ago (bind 0, read, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
