/**
 * -R in-process (no netns needed): listen mode on a free loopback-reachable port, each caught
 * connection delivered through the role-reversed session to a local server with an exact record;
 * nothing listening locally → the remote client gets a reset and the record says why.
 */
import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIncomingSession } from '../../electron/engine/agent/agent-session.ts';
import { createConnectionTable } from '../../electron/engine/forward/connection-table.ts';
import { systemClock } from '../../electron/engine/clock.ts';
import { deliver } from '../../electron/engine/reverse/deliver.ts';
import { freePort } from '../../electron/engine/testing/tcp-client.ts';
import { startLocalAgent, type LocalAgent } from '../testing/local-agent.ts';
import { until } from '../../testing/wait.ts';

const table = createConnectionTable({ clock: systemClock });
let agent: LocalAgent;
let upper: Server;
let upperPort: number;
beforeAll(async () => {
  agent = await startLocalAgent();
  upper = createServer({ allowHalfOpen: true }, (s) => {
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('end', () => s.end(got.toUpperCase()));
  });
  upperPort = await new Promise<number>((r) =>
    upper.listen(0, '127.0.0.1', () => r((upper.address() as { port: number }).port)),
  );
});
afterAll(async () => {
  table.dispose();
  upper.close();
  await agent.close();
});

/** Catches `remotePort` in listen mode and delivers to `localPort` under rule `rule`. */
async function catchTo(remotePort: number, localPort: number, rule: string) {
  const problems: (string | undefined)[] = [];
  const s = await openIncomingSession(
    await agent.dial(),
    { secret: agent.secret, port: remotePort, mode: 'listen', pingMs: 0 },
    (stream, headers) =>
      deliver(stream, headers, {
        localPort,
        pod: 'p',
        record: (peer) => table.create(rule, peer),
        outcome: (p) => problems.push(p),
      }),
  );
  return { ...s, problems };
}

function talk(port: number, text: string): Promise<{ reply: string; error?: string }> {
  return new Promise((resolve) => {
    const c = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let reply = '';
    c.on('data', (d: Buffer) => (reply += d.toString()));
    c.on('end', () => resolve({ reply }));
    c.on('error', (err: NodeJS.ErrnoException) => resolve({ reply, error: err.code }));
    c.end(text);
  });
}

describe('-R listen mode (in-process agent)', () => {
  it('delivers a caught connection with half-close and exact counters', async () => {
    const remote = await freePort();
    const s = await catchTo(remote, upperPort, 'r1');
    expect(s.mode).toBe('listen');
    expect(await talk(remote, 'hello agent')).toEqual({ reply: 'HELLO AGENT' });
    const c = await until(() => table.list('r1').find((x) => x.state === 'closed'));
    expect(c).toMatchObject({ route: 'agent', pod: 'p', remote: `127.0.0.1:${upperPort}` });
    expect(c.bytesDown).toBe(11); // from the cluster to the laptop
    expect(c.bytesUp).toBe(11);
    s.session.close();
  });

  it('nothing listening locally: the remote client is reset and the record says why', async () => {
    const remote = await freePort();
    const dead = await freePort();
    const s = await catchTo(remote, dead, 'r2');
    const r = await talk(remote, 'x');
    expect(r.error).toBe('ECONNRESET');
    const c = await until(() => table.list('r2').find((x) => x.state === 'failed'));
    expect(c.reason).toBe(`nothing listens on 127.0.0.1:${dead}: the remote client got a reset`);
    expect(s.problems).toContain(c.reason);
    s.session.close();
  });

  it('closing the session releases the port', async () => {
    const remote = await freePort();
    const s = await catchTo(remote, upperPort, 'r3');
    s.session.close();
    await until(async () => (await talk(remote, 'x')).error === 'ECONNREFUSED', 'port released');
  });
});
