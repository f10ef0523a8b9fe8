import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConnect, openConnectSession } from '../../electron/engine/agent/agent-session.ts';
import { readLine } from './read-line.ts';
import { startLocalAgent, type LocalAgent } from '../testing/local-agent.ts';
import { until } from '../../testing/wait.ts';

let agent: LocalAgent;
let echo: Server;
let echoPort: number;

beforeAll(async () => {
  agent = await startLocalAgent();
  echo = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(async () => {
  await agent.close();
  echo.close();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('agent handshake', () => {
  it('refuses a wrong secret, says why and logs it', async () => {
    const s = await agent.dial();
    s.write(`${JSON.stringify({ v: 1, secret: 'nope', role: 'connect' })}\n`);
    const { line } = await readLine(s, 2048, 5000);
    expect(JSON.parse(line)).toEqual({ ok: false, error: 'wrong session secret' });
    expect(agent.log).toContain('refused a connection: wrong session secret');
    s.destroy();
  });

  it('refuses another protocol version and anything that is not a hello', async () => {
    const s = await agent.dial();
    s.write(`${JSON.stringify({ v: 2, secret: agent.secret, role: 'connect' })}\n`);
    expect(JSON.parse((await readLine(s, 2048, 5000)).line).error).toMatch(
      /protocol 2 not supported/,
    );
    const t = await agent.dial();
    t.write('GET / HTTP/1.1\r\n');
    expect(JSON.parse((await readLine(t, 2048, 5000)).line).error).toBe('not a Portside handshake');
    s.destroy();
    t.destroy();
  });
});

describe('agent -L streams', () => {
  it('connects, reports the address, half-closes and counts exactly (16 MiB sha256)', async () => {
    const session = await openConnectSession(await agent.dial(), {
      secret: agent.secret,
      pingMs: 0,
    });
    const stream = await agentConnect(session, 'localhost', echoPort, 'p');
    expect(stream.remote).toMatch(new RegExp(`^(127\\.0\\.0\\.1|\\[::1\\]):${echoPort}$`));
    const data = randomBytes(16 << 20);
    const got: Buffer[] = [];
    stream.on('data', (c: Buffer) => got.push(c));
    const ended = new Promise((r) => stream.once('end', r));
    stream.end(data);
    await ended;
    expect(sha(Buffer.concat(got))).toBe(sha(data));
    expect(stream.bytesUp).toBe(data.length);
    expect(stream.bytesDown).toBe(data.length);
    session.close();
  });

  it('tells NXDOMAIN and refused apart', async () => {
    const session = await openConnectSession(await agent.dial(), {
      secret: agent.secret,
      pingMs: 0,
    });
    await expect(agentConnect(session, 'no-such-host.invalid', 80, 'p')).rejects.toThrow(
      /NXDOMAIN/,
    );
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    closed.close();
    await expect(agentConnect(session, '127.0.0.1', port, 'p')).rejects.toThrow(
      /refused the connection/,
    );
    session.close();
  });

  it('a paused reader does not stall other streams of the same session', async () => {
    const session = await openConnectSession(await agent.dial(), {
      secret: agent.secret,
      pingMs: 0,
    });
    const slow = await agentConnect(session, '127.0.0.1', echoPort, 'p');
    slow.pause();
    slow.write(randomBytes(8 << 20)); // echoed back into a reader that never reads
    const fast = await agentConnect(session, '127.0.0.1', echoPort, 'p');
    const got: Buffer[] = [];
    fast.on('data', (c: Buffer) => got.push(c));
    fast.end(Buffer.from('hello'));
    await until(() => Buffer.concat(got).toString() === 'hello', 'the fast stream echo');
    slow.destroy();
    session.close();
  });

  it('the session counts toward the agent lifetime while open', async () => {
    const own = await startLocalAgent(); // alone: other tests' sessions may still be closing
    try {
      const session = await openConnectSession(await own.dial(), { secret: own.secret, pingMs: 0 });
      await until(() => own.lifetime.active === 1, 'session counted');
      session.close();
      await until(() => own.lifetime.active === 0, 'session released');
    } finally {
      await own.close();
    }
  });
});
