/**
 * The connection state machine with a real loopback socket, a scripted remote and a manual clock:
 * the half-close timers, failures in words and a kill while dialing.
 */
import net from 'node:net';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { manualClock } from '../clock.ts';
import { until } from '../../../testing/wait.ts';
import { runConnection, type ConnectionControl } from './connection.ts';
import { createConnectionTable } from './connection-table.ts';
import type { RemoteStream } from './dialer.ts';
import type { RoutePlan } from './routes.ts';

/** A remote whose bytes the test pushes; what the connection writes is collected. */
class FakeRemote extends Duplex implements RemoteStream {
  bytesUp = 0;
  bytesDown = 0;
  closeReason: string | undefined;
  written = '';
  ended = false;
  constructor(readonly carriesHalfClose: boolean) {
    super({ allowHalfOpen: true });
  }
  override _read(): void {}
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.bytesUp += chunk.length;
    this.written += chunk.toString();
    cb();
  }
  override _final(cb: () => void): void {
    this.ended = true;
    cb();
  }
  fromPod(text: string | null): void {
    if (text !== null) this.bytesDown += text.length;
    this.push(text);
  }
}

const plan: RoutePlan = {
  route: 'pod-port',
  namespace: 'default',
  pod: 'p',
  port: 80,
  remote: 'p:80',
} as RoutePlan;

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A connected loopback pair: `client` is the user's app, `accepted` goes to runConnection. */
async function socketPair(): Promise<{ client: net.Socket; accepted: net.Socket }> {
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  client.on('error', () => {});
  const pair = { client, accepted: await accepted };
  cleanups.push(() => (client.destroy(), server.close()));
  return pair;
}

async function start(opts: { dial?: () => Promise<RemoteStream>; carriesHalfClose?: boolean }) {
  const clock = manualClock();
  const table = createConnectionTable({ clock });
  const { client, accepted } = await socketPair();
  const remote = new FakeRemote(opts.carriesHalfClose ?? false);
  const outcomes: Array<string | undefined> = [];
  const ctl: ConnectionControl = runConnection({
    handle: table.create('r1', 'peer'),
    socket: accepted,
    clock,
    resolve: async () => plan,
    dial: opts.dial ?? (async () => remote),
    onOutcome: (e) => outcomes.push(e?.message),
    lingerMs: 30_000,
    halfCloseIdleMs: 10_000,
  });
  const view = () => table.list('r1')[0]!;
  return { clock, client, remote, ctl, view, outcomes };
}

describe('runConnection', () => {
  it('gives up on a pod silent for halfCloseIdleMs after the client FIN (v4), counting on', async () => {
    const c = await start({ carriesHalfClose: false });
    c.client.write('hi');
    await until(() => c.remote.written === 'hi', 'bytes reach the remote');
    c.client.end();
    await until(() => c.remote.ended && c.view().state === 'half-closed', 'half-closed');
    c.clock.advance(9_000);
    c.remote.fromPod('late'); // each byte from the pod restarts the timer
    await until(() => c.view().bytesDown === 4, 'counted');
    c.clock.advance(9_000);
    expect(c.view().state).toBe('half-closed');
    c.clock.advance(1_000);
    await c.ctl.closed;
    expect(c.view()).toMatchObject({
      state: 'closed',
      reason: 'the local client closed its side and the pod sent nothing for 10 s',
      bytesUp: 2,
      bytesDown: 4,
    });
  });

  it('arms no idle timer when the transport carries the FIN (SPDY)', async () => {
    const c = await start({ carriesHalfClose: true });
    c.client.end();
    await until(() => c.remote.ended, 'FIN passed on');
    c.clock.advance(60_000);
    expect(c.view().state).toBe('half-closed');
    c.remote.fromPod('answer');
    c.remote.fromPod(null);
    await c.ctl.closed;
    expect(c.view()).toMatchObject({ state: 'closed', bytesDown: 6 });
    expect(c.view().reason).toBeUndefined();
  });

  it('lingers lingerMs for a client that never closes after the pod is done', async () => {
    const c = await start({});
    c.remote.fromPod(null);
    await until(() => c.view().state === 'half-closed', 'half-closed');
    expect(c.outcomes).toEqual([undefined]); // a clean close from the pod is a healthy rule
    c.clock.advance(30_000);
    await c.ctl.closed;
    expect(c.view()).toMatchObject({ state: 'closed', reason: 'closed by the pod side' });
  });

  it('fails with the error in words when the remote errors, and reports it once', async () => {
    const c = await start({});
    c.remote.destroy(new PortsideError('Network', 'the connection to the API server was lost'));
    await c.ctl.closed;
    expect(c.view()).toMatchObject({
      state: 'failed',
      reason: 'the connection to the API server was lost',
    });
    expect(c.outcomes).toEqual(['the connection to the API server was lost']);
  });

  it('fails in words when the dial fails', async () => {
    const c = await start({
      dial: () => Promise.reject(new PortsideError('Network', 'no route to the pod')),
    });
    await c.ctl.closed;
    expect(c.view()).toMatchObject({ state: 'failed', reason: 'no route to the pod' });
  });

  it('destroys a remote that arrives after a kill', async () => {
    let deliver!: (r: RemoteStream) => void;
    const late = new FakeRemote(true);
    const c = await start({ dial: () => new Promise((r) => (deliver = r)) });
    await until(() => deliver !== undefined, 'dialing');
    c.ctl.kill('rule stopped');
    await c.ctl.closed;
    deliver(late);
    await until(() => late.destroyed, 'late remote destroyed');
    expect(c.view()).toMatchObject({ state: 'closed', reason: 'rule stopped' });
  });
});
