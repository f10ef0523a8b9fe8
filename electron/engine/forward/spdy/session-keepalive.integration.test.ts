/**
 * Kept-alive tunnel sessions against kube-sim, through a relay that can drop one API-server
 * connection: reuse, and a session dying mid-use.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSim, parseScenario, type Sim } from '../../../../kube-sim/index.ts';
import { until } from '../../../../testing/wait.ts';
import { sessionFromKubeConfig, type KubeSession } from '../../kube/kube-session.ts';
import { startTcpRelay, type TcpRelay } from '../testing/tcp-relay.ts';
import type { SpdyRemoteStream } from './spdy-stream.ts';
import { createTunnelDialer, type TunnelDialer } from './tunnel-dialer.ts';

const ECHO = 7000;
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: { name: tools, namespace: default }
spec:
  containers:
    - { name: echo, image: "portside/sim-echo:1", ports: [{ containerPort: ${ECHO} }] }
`;

let sim: Sim;
let relay: TcpRelay;
let kube: KubeSession;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  sim = await createSim({ scenario: parseScenario(SCENARIO, 'tools.yaml') });
  await until(() => sim.readyPods('default').length > 0, 'tools pod ready', 20_000);
}, 30_000);
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await relay?.close();
});

/** A fresh relay (so connection numbers start at 0) and a session that goes through it. */
async function through(): Promise<void> {
  relay = await startTcpRelay({ host: sim.host, port: sim.port });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig.replace(sim.url, `https://127.0.0.1:${relay.port}`));
  kube = sessionFromKubeConfig(kc);
}

function dialer(warm: number): TunnelDialer {
  const d = createTunnelDialer({ pingIntervalMs: 0, pool: { warm } });
  cleanups.push(() => d.close());
  return d;
}

async function open(d: TunnelDialer): Promise<SpdyRemoteStream> {
  const r = await d('tools', () => kube.portForwardRequest('default', 'tools', ECHO), ECHO);
  if (!r.ok) throw r.error;
  cleanups.push(() => r.stream.destroy());
  return r.stream;
}

/** Writes a line and waits for the echo. */
const echo = (s: SpdyRemoteStream, line: string): Promise<string> =>
  new Promise((resolve, reject) => {
    let got = '';
    const on = (d: Buffer): void => {
      got += d.toString();
      if (got.includes('\n')) {
        s.off('data', on);
        resolve(got);
      }
    };
    s.on('data', on);
    s.once('error', reject);
    s.once('end', () => resolve(got));
    s.write(`${line}\n`);
  });

describe('kept-alive SPDY tunnel sessions', () => {
  it('carries sequential connections over one API-server connection, byte-exact', async () => {
    await through();
    const d = dialer(0);
    for (let i = 0; i < 5; i++) {
      const s = await open(d);
      expect(await echo(s, `hello ${i}`)).toBe(`hello ${i}\n`);
      expect([s.bytesUp, s.bytesDown]).toEqual([`hello ${i}\n`.length, `hello ${i}\n`.length]);
      s.destroy(); // the connection is done: its session goes back to the pool
    }
    expect(relay.accepted).toHaveLength(1);
  });

  it('a session dying mid-use fails only its connection, with a reason; the next one works', async () => {
    await through();
    const d = dialer(1);
    const a = await open(d); // opens API-server connection #0, then a spare (#1)
    await until(() => d.idleCount('tools') === 1, 'a warm spare');
    const b = await open(d); // the spare
    expect(await echo(a, 'a')).toBe('a\n');
    expect(await echo(b, 'b')).toBe('b\n');
    const aEnded = new Promise((r) => a.once('end', r));
    a.resume();
    relay.cut(0);
    await aEnded;
    expect(a.closeReason).toMatch(/API server/);
    expect(await echo(b, 'b is fine')).toBe('b is fine\n');
    expect(b.closeReason).toBeUndefined();
    const c = await open(d);
    expect(await echo(c, 'c works')).toBe('c works\n');
  });

  it('kube-sim closing its sessions ends the live connection with a reason and drops the spares', async () => {
    await through();
    const d = dialer(2);
    const a = await open(d);
    await until(() => d.idleCount('tools') === 2, 'two warm spares');
    expect(await echo(a, 'a')).toBe('a\n');
    const aEnded = new Promise((r) => a.once('end', r));
    a.resume();
    expect(sim.closeStreams()).toBeGreaterThan(0);
    await aEnded;
    expect(a.closeReason).toMatch(/API server|session/);
    await until(() => d.idleCount('tools') === 0, 'dead spares dropped');
    const next = await open(d);
    expect(await echo(next, 'next works')).toBe('next works\n');
  });
});
