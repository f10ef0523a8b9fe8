/** Test support: the agent's server in this process on loopback, plus engine sessions to it. */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Server, type Socket } from 'node:net';
import { startAgentServer } from '../src/server.ts';
import type { Lifetime } from '../src/lifetime.ts';

export interface LocalAgent {
  port: number;
  secret: string;
  server: Server;
  lifetime: Lifetime;
  log: string[];
  /** A raw TCP connection to the agent port (what a port-forward stream is in production). */
  dial(): Promise<Socket>;
  close(): Promise<void>;
}

/** A session counter instead of the real lifetime (which would exit this process). */
export function countingLifetime(): Lifetime {
  let active = 0;
  return {
    begin() {
      active++;
      let done = false;
      return () => void (!done && ((done = true), active--));
    },
    get active() {
      return active;
    },
  };
}

export async function startLocalAgent(): Promise<LocalAgent> {
  const secret = randomBytes(16).toString('hex');
  const log: string[] = [];
  const lifetime = countingLifetime();
  const server = await startAgentServer({
    port: 0,
    secretHash: createHash('sha256').update(secret).digest('hex'),
    lifetime,
    log: (l) => void log.push(l),
    pingMs: 2000, // a vanished peer is noticed by the next ping, as in production (15 s)
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    secret,
    server,
    lifetime,
    log,
    dial: () =>
      new Promise((resolve, reject) => {
        const s = connect({ port, host: '127.0.0.1' }, () => resolve(s));
        s.once('error', reject);
      }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
