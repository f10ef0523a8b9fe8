/**
 * Cost of per-connection route resolution, with and without the watch-backed resolution cache,
 * against kube-sim (loopback pods) running in its own process: time to first byte of sequential
 * connections, and how long 200 concurrent connections take to complete, for a service route
 * (`py-serv:80`) and a targeted pod-port route (`deploy/api` in `shop`). Counts the direct API
 * reads made per connection. `--latency MS` delays every API answer (a real cluster is 5–50 ms
 * away; port-forward upgrades are delayed too).
 * Run: `npx tsx bench/resolve-latency.ts [--latency 20]`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { createEngine } from '../electron/engine/create-engine.ts';
import { createForwarder } from '../electron/engine/forward/forwarder.ts';
import type { KubeApi } from '../electron/engine/kube/kube-api.ts';
import { sessionFromKubeConfig } from '../electron/engine/kube/kube-session.ts';
import { loadKubeConfig } from '../electron/engine/kube/kubeconfig.ts';

const SEQUENTIAL = 60;
const CONCURRENT = 200;
const ROOT = join(import.meta.dirname, '..');

/** Sends one GET; resolves with ms to the first response byte. */
function timedGet(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let ttfb = -1;
    const s = net.connect({ port, host: '127.0.0.1' }, () =>
      s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    s.on('data', () => {
      if (ttfb < 0) ttfb = performance.now() - start;
    });
    s.on('error', reject);
    s.on('close', () => (ttfb < 0 ? reject(new Error('no response')) : resolve(ttfb)));
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** The direct API with every get/list counted. */
function counting(api: KubeApi, counts: { reads: number }): KubeApi {
  const out: Record<string, unknown> = { ...api };
  for (const [k, v] of Object.entries(api)) {
    if (typeof v !== 'function' || !/^(get|list)/.test(k)) continue;
    out[k] = (...a: unknown[]) => {
      counts.reads++;
      return (v as (...x: unknown[]) => unknown)(...a);
    };
  }
  return out as unknown as KubeApi;
}

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** POSTs a kube-sim control action (same TLS and token as the API). */
async function control(kc: KubeConfig, action: string, body: unknown): Promise<void> {
  const opts: https.RequestOptions = { method: 'POST', headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const url = new URL(`${kc.getCurrentCluster()!.server}/sim/v1/${action}`);
  await new Promise<void>((resolve, reject) => {
    const req = https.request(url, opts, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function measure(port: number, counts: { reads: number }): Promise<string> {
  for (let i = 0; i < 5; i++) await timedGet(port); // warm up: TLS sessions, the cache's first sync
  const before = counts.reads;
  const seq: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) seq.push(await timedGet(port));
  const perConn = (counts.reads - before) / SEQUENTIAL;
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: CONCURRENT }, () => timedGet(port)));
  const wall = performance.now() - t0;
  return (
    `sequential TTFB p50 ${pct(seq, 50).toFixed(1)} ms p90 ${pct(seq, 90).toFixed(1)} ms, ` +
    `${perConn.toFixed(2)} API reads/conn | ${CONCURRENT} concurrent: done in ${wall.toFixed(0)} ms, ` +
    `TTFB p50 ${pct(all, 50).toFixed(0)} ms p90 ${pct(all, 90).toFixed(0)} ms`
  );
}

async function runMode(kubeconfig: string, cache: boolean): Promise<void> {
  const counts = { reads: 0 };
  const base = sessionFromKubeConfig(loadKubeConfig({ kubeconfig }));
  const session = { ...base, api: counting(base.api, counts) };
  const runner = createForwarder({
    sessions: async () => session,
    dialerOptions: { pingIntervalMs: 0 },
    ...(cache ? {} : { resolutionCache: false as const }),
  });
  const engine = createEngine({ runner });
  try {
    const rules = [
      ['service py-serv:80     ', 'py-serv:80', {}],
      ['pod-port deploy/api    ', 'localhost:8080', { target: 'deploy/api', namespace: 'shop' }],
    ] as const;
    for (const [label, to, extra] of rules) {
      const port = await freePort();
      const rule = await engine.addRule({ direction: 'L', spec: `${port}:${to}`, ...extra });
      const deadline = Date.now() + 10_000;
      while (engine.listRules().find((r) => r.id === rule.id)?.state !== 'listening') {
        if (Date.now() > deadline) throw new Error(`rule ${to} did not listen`);
        await new Promise((r) => setTimeout(r, 10));
      }
      console.log(`${cache ? 'cache   ' : 'no cache'} ${label} ${await measure(port, counts)}`);
    }
  } finally {
    await engine.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { latency: { type: 'string', default: '0' } } });
  const dir = await mkdtemp(join(tmpdir(), 'bench-resolve-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sim = spawn(
    join(ROOT, 'bin/portside'),
    ['sim', '--network', 'loopback', '--kubeconfig-out', kubeconfig],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    for await (const line of createInterface(sim.stdout!))
      if (line.startsWith('kube-sim ready')) break;
    const latency = Number(values.latency);
    if (latency > 0) await control(loadKubeConfig({ kubeconfig }), 'latency', { ms: latency });
    console.log(`kube-sim in its own process, API latency ${latency} ms`);
    await runMode(kubeconfig, false);
    await runMode(kubeconfig, true);
  } finally {
    sim.kill('SIGTERM');
    await once(sim, 'exit');
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
