/** The SPDY client, over the raw upgrade and the WebSocket tunnel, against kube-sim's kubelet side (proven against real kubectl). */
import { createHash } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSim, parseScenario, type Sim } from '../../../../kube-sim/index.ts';
import { sessionFromKubeConfig, type KubeSession } from '../../kube/kube-session.ts';
import { until } from '../../../../testing/wait.ts';
import { createDialer, type RemoteStream } from '../dialer.ts';
import { PortForwardStream } from '../port-forward-stream.ts';
import type { PodRoutePlan } from '../routes.ts';
import type { TransportKind } from './spdy-session.ts';
import { SpdyRemoteStream } from './spdy-stream.ts';
import { createSpdySession, createTunnelDialer } from './tunnel-dialer.ts';

const MiB = 1024 * 1024;
const ECHO = 7000;
const SINK = 9000;
const SOURCE = 8000;
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: { name: tools, namespace: default, labels: { app: tools } }
spec:
  containers:
    - { name: echo, image: "portside/sim-echo:1", ports: [{ containerPort: ${ECHO} }] }
    - { name: sink, image: "portside/sim-sink:1", ports: [{ containerPort: ${SINK} }] }
    - { name: source, image: "portside/sim-source:1", ports: [{ containerPort: ${SOURCE} }] }
`;

let sim: Sim;
let kube: KubeSession;
const streams: RemoteStream[] = [];

beforeAll(async () => {
  sim = await createSim({ scenario: parseScenario(SCENARIO, 'tools.yaml') });
  await until(() => sim.readyPods('default').length > 0, 'tools pod ready', 20_000);
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  kube = sessionFromKubeConfig(kc);
}, 30_000);
afterEach(() => {
  sim.refuseUpgrades('none');
  for (const s of streams.splice(0)) s.destroy();
});
afterAll(async () => {
  await sim?.close();
});

const plan = (port: number): PodRoutePlan =>
  ({
    route: 'pod-port',
    namespace: 'default',
    pod: 'tools',
    port,
    remote: `tools:${port}`,
  }) as PodRoutePlan;

async function openOver(port: number, transport: TransportKind): Promise<SpdyRemoteStream> {
  const request = () => kube.portForwardRequest('default', 'tools', port);
  const dial = createTunnelDialer({ pingIntervalMs: 0, pool: false });
  const r = await dial('tools', request, port, transport);
  if (!r.ok) throw r.error;
  streams.push(r.stream);
  return r.stream;
}

const readAll = (s: RemoteStream): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });

/** Writes `total` deterministic bytes honouring backpressure, then ends (DATA FIN). */
async function writeAll(s: RemoteStream, total: number, seed = 1): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(256 * 1024);
  for (let sent = 0, i = 0; sent < total; i++) {
    chunk.fill((seed * 31 + i) & 0xff);
    const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
    hash.update(part);
    sent += part.length;
    if (!s.write(Buffer.from(part))) await new Promise((r) => s.once('drain', r));
  }
  s.end();
  return hash.digest('hex');
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.each<TransportKind>(['raw', 'tunnel'])('SPDY port-forward over %s', (transport) => {
  const open = (port: number) => openOver(port, transport);

  it('carries a half-close to the sink, which answers only after the FIN', async () => {
    const s = await open(SINK);
    const ready = new Promise((r) => s.once('ready', r));
    const got = readAll(s);
    const hash = await writeAll(s, 3 * MiB + 17);
    expect((await got).toString()).toBe(`${3 * MiB + 17} ${hash}\n`);
    await ready;
    expect(s.bytesUp).toBe(3 * MiB + 17);
    expect(s.bytesDown).toBe((await got).length);
    expect(s.closeReason).toBeUndefined();
  });

  it('echoes with half-close, and moves 16 MiB both ways byte-exact', async () => {
    const s = await open(ECHO);
    const got = readAll(s);
    const hash = await writeAll(s, 16 * MiB, 5);
    const back = await got;
    expect(back.length).toBe(16 * MiB);
    expect(sha(back)).toBe(hash);
    expect([s.bytesUp, s.bytesDown]).toEqual([16 * MiB, 16 * MiB]);
  }, 30_000);

  it('completes 50 concurrent connections', async () => {
    const all = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const s = await open(ECHO);
        const got = readAll(s);
        s.end(`hello ${i}\n`);
        return (await got).toString() === `hello ${i}\n`;
      }),
    );
    expect(all.every(Boolean)).toBe(true);
  }, 30_000);

  it('a paused reader does not stall another connection', async () => {
    const slow = await open(SOURCE);
    slow.write('inf\n');
    await until(() => slow.readableLength > 0 || slow.bytesDown > 0, 'slow stream flowing');
    slow.pause();
    const before = await until(() => {
      const b = slow.bytesDown;
      return b > 0 && slow.readableLength >= slow.readableHighWaterMark ? b : undefined;
    }, 'slow stream buffer full');
    for (let i = 0; i < 5; i++) {
      const s = await open(ECHO);
      const got = readAll(s);
      const hash = await writeAll(s, MiB, i);
      expect(sha(await got)).toBe(hash);
    }
    // Bounded: the paused reader's session stopped reading, so little more arrived.
    expect(slow.bytesDown - before).toBeLessThan(8 * MiB);
  }, 30_000);

  it('reports a refused pod port through the error stream as closeReason', async () => {
    const s = await open(4444);
    await readAll(s);
    expect(s.closeReason).toMatch(/error forwarding port 4444/);
  });

  it('answers a protocol check: a session opens with the protocol it asked for', async () => {
    const req = await kube.portForwardRequest('default', 'tools', ECHO);
    const session = createSpdySession(req.url, { ...req.options, pingIntervalMs: 0, transport });
    expect(await session.opened).toEqual({ ok: true });
    session.close();
  });

  it('keeps the session alive with PINGs the server echoes', async () => {
    const req = await kube.portForwardRequest('default', 'tools', ECHO);
    const session = createSpdySession(req.url, { ...req.options, pingIntervalMs: 20, transport });
    let echoes = 0;
    session.on('ping-echo', () => echoes++);
    await session.opened;
    await until(() => echoes >= 3, 'three PING echoes');
    expect(session.closed).toBe(false);
    session.close();
    expect(session.closed).toBe(true);
  });
});

describe('createDialer with SPDY', () => {
  const halfCloseWorks = async (s: RemoteStream): Promise<void> => {
    expect(s).toBeInstanceOf(SpdyRemoteStream);
    const got = readAll(s);
    s.end('abc');
    expect((await got).toString()).toBe(`3 ${sha(Buffer.from('abc'))}\n`);
  };
  const dialed = async (dial: ReturnType<typeof createDialer>, port: number) => {
    const s = await dial(plan(port), kube);
    streams.push(s);
    return s;
  };

  it('dials raw SPDY first: with WebSocket upgrades refused, half-close still reaches the pod', async () => {
    sim.refuseUpgrades('websocket');
    await halfCloseWorks(await dialed(createDialer({ pingIntervalMs: 0 }), SINK));
  });

  it('falls back from raw SPDY to the WebSocket tunnel, then to v4, remembering each refusal', async () => {
    const dial = createDialer({ pingIntervalMs: 0, pool: false });
    sim.refuseUpgrades('spdy');
    await halfCloseWorks(await dialed(dial, SINK));
    // Raw SPDY is not tried again for this cluster: with WebSockets refused too, v4 is reached
    // (and refused, in words), and the tunnel is remembered as refused as well.
    sim.refuseUpgrades('websocket');
    const s = await dialed(dial, ECHO);
    expect(s).toBeInstanceOf(PortForwardStream);
    await expect(readAll(s)).rejects.toThrow(/refused the port-forward \(HTTP 4\d\d\)/);
    sim.refuseUpgrades('none');
    const v4 = await dialed(dial, ECHO);
    expect(v4).toBeInstanceOf(PortForwardStream);
    const got = readAll(v4);
    await until(() => (v4 as PortForwardStream).opened, 'v4 open');
    v4.write('ping\n');
    await until(() => v4.bytesDown >= 5, 'echo back');
    v4.destroy();
    void got.catch(() => undefined);
    expect(v4.bytesDown).toBe(5);
  });
});
