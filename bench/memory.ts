/**
 * RSS growth per open connection: what one more idle client costs the forwarding process. Opens
 * `count` connections to the banner app, waits until each has its greeting (so the remote half
 * exists too), reads the forwarder's VmRSS, and closes them all.
 */
import { connect, type Socket } from 'node:net';
import { POD } from './cluster.ts';
import { deadline, endpoint, InvalidSample, type Target } from './clients.ts';
import { rssKiB } from './cpu.ts';
import type { Scenario, Sizes } from './scenarios.ts';

function greeted(at: Target, banner: string): { socket: Socket; ready: Promise<void> } {
  const socket = connect(endpoint(at));
  const ready = new Promise<void>((resolve, reject) => {
    let got = '';
    socket.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      if (got.length >= banner.length) resolve();
    });
    socket.on('error', reject);
    socket.on('end', () => reject(new InvalidSample(`closed after ${JSON.stringify(got)}`)));
  });
  return { socket, ready };
}

export function rssPerConnection(s: Sizes): Scenario {
  const banner = `BANNER ${POD}\r\n`;
  return {
    id: 'rss-per-connection',
    title: `forwarder RSS growth per open connection (${s.idleConnections} idle banner connections)`,
    unit: 'KiB',
    better: 'lower',
    async sample(ports, { pid }) {
      const before = rssKiB(pid);
      if (before === undefined) throw new InvalidSample('no forwarding process to measure');
      const conns = Array.from({ length: s.idleConnections }, () => greeted(ports.banner, banner));
      try {
        await deadline(Promise.all(conns.map((c) => c.ready)), 30_000, 'greetings', () => {});
        // The peak over a short hold: a garbage collection right at one reading would hide growth.
        let after = before;
        for (let i = 0; i < 10; i++) {
          after = Math.max(after, rssKiB(pid) ?? before);
          await new Promise((r) => setTimeout(r, 30));
        }
        return {
          value: (after - before) / s.idleConnections,
          detail: { beforeKiB: before, afterKiB: after, connections: s.idleConnections },
        };
      } finally {
        for (const c of conns) c.socket.destroy();
      }
    },
  };
}
