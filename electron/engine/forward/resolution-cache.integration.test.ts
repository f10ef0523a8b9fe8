/**
 * The watch-backed resolution cache against kube-sim: connections resolve from memory, follow pod
 * deletions, rollouts and readiness through the watch, fall back to direct reads while the watch
 * is refused, recover from 410 with a re-list, and leave no watch behind when rules go away.
 */
import https from 'node:https';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApi } from '../kube/kube-api.ts';
import { sessionFromKubeConfig, type KubeSession } from '../kube/kube-session.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import type { ListWatch } from '../kube/list-watch.ts';
import { rawRequest, type RawResponse } from '../testing/raw-http.ts';
import { rollPyServ, startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { until } from '../../../testing/wait.ts';
import { createForwarder } from './forwarder.ts';

let w: SimWorld;
const logs: string[] = [];
const counts = { reads: 0 };
let refuseWatches = false;

/** Counts the reads resolution makes per connection; refuses watches while `refuseWatches`. */
function instrument(s: KubeSession): KubeSession {
  const api: KubeApi = { ...s.api };
  for (const k of ['getPod', 'listPods', 'getService'] as const) {
    const read = s.api[k] as (...a: unknown[]) => Promise<never>;
    (api as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => (
      counts.reads++,
      read(...a)
    );
  }
  const inner = s.api.listWatch as ListWatch;
  api.listWatch = {
    list: (kind, ns) => inner.list(kind, ns),
    watch(kind, ns, rv, h) {
      if (!refuseWatches) return inner.watch(kind, ns, rv, h);
      const refused = Object.assign(new Error('Forbidden (refused by the test)'), {
        statusCode: 403,
      });
      const t = setTimeout(() => h.onEnd(refused), 1);
      return () => clearTimeout(t);
    },
  };
  return { ...s, api };
}

beforeAll(async () => {
  let session: KubeSession | undefined;
  const runner = createForwarder({
    sessions: async (src) => (session ??= instrument(sessionFromKubeConfig(loadKubeConfig(src)))),
    dialerOptions: { pingIntervalMs: 0 },
    log: (m) => logs.push(m),
    resolutionCache: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
  w = await startSimWorld({ scenario: 'demo' }, { runner });
});
afterEach(async () => {
  refuseWatches = false;
  for (const r of w.engine.listRules()) await w.engine.removeRule(r.id);
});
afterAll(async () => {
  stateAgent.destroy();
  await w?.close();
});

const podOf = (r: RawResponse): string => (JSON.parse(r.body.toString()) as { pod: string }).pod;

// One TLS connection for all state polls, not a handshake per poll.
const stateAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });

/** Open watches as the API server counts them (`/sim/v1/state`). */
function openWatches(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${w.sim.url}/sim/v1/state`, {
      method: 'POST',
      agent: stateAgent,
      ca: w.sim.caPem,
      headers: { Authorization: `Bearer ${w.sim.token}`, 'Content-Type': 'application/json' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve((JSON.parse(text) as { openWatches: number }).openWatches));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

/** True once the last word on both watches of `ns` since log line `from` is "synced". */
const synced = (ns: string, from = 0): boolean =>
  ['pods', 'services'].every((kind) => {
    const mine = logs
      .slice(from)
      .filter((l) => l.startsWith(`resolution cache: ${kind} in ${ns} `));
    return mine.at(-1)?.includes(' synced at ') ?? false;
  });

async function forwardPySrv(): Promise<{ port: number; ruleId: string }> {
  const { port, rule } = await w.forward({ to: 'py-serv:80' });
  expect((await rawRequest(port)).status).toBe(200); // the first connection starts the cache
  await until(() => synced('default'), 'the cache of default to sync');
  return { port, ruleId: rule.id };
}

/** `n` requests; their pods, and how many direct reads resolution made meanwhile. */
async function requests(port: number, n: number): Promise<{ pods: string[]; reads: number }> {
  const before = counts.reads;
  const pods: string[] = [];
  for (let i = 0; i < n; i++) pods.push(podOf(await rawRequest(port)));
  return { pods, reads: counts.reads - before };
}

describe('resolution cache', () => {
  it('once synced, connections resolve from memory: no API read per connection', async () => {
    const { port } = await forwardPySrv();
    const before = counts.reads;
    const all = await Promise.all(Array.from({ length: 40 }, () => rawRequest(port)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(new Set(all.map(podOf)).size).toBe(2);
    expect(counts.reads - before).toBe(0);
    await until(async () => (await openWatches()) === 2, 'one pod and one service watch');
  });

  it('follows a pod deletion: its open connection ends with the reason, new ones move within 2 s', async () => {
    const { port, ruleId } = await forwardPySrv();
    let slow: net.Socket | undefined;
    const running = rawRequest(port, { path: '/bytes?n=134217728', onSocket: (s) => (slow = s) });
    running.catch(() => undefined);
    const open = await until(
      () => w.engine.listConnections(ruleId).find((c) => c.state === 'open' && c.bytesDown > 65536),
      'a running download',
    );
    slow?.pause();
    const victim = open.pod ?? '';
    // The open connection's pod is watched through the namespace watch, not a watch of its own.
    await until(async () => (await openWatches()) === 2, 'only the cache watches');
    const survivors = new Set(
      w.sim
        .readyPods('default', 'app=py-serv')
        .map((p) => p.metadata.name)
        .filter((n) => n !== victim),
    );
    w.sim.deletePod('default', victim);
    const after = await requests(port, 4);
    expect(after.pods).not.toContain(victim);
    expect(after.reads).toBe(0);
    const ended = await until(
      () => w.engine.listConnections(ruleId).find((c) => c.id === open.id && c.closedAt),
      'the connection on the deleted pod to end',
      15_000,
    );
    expect(ended.reason).toMatch(new RegExp(`^pod ${victim} (was deleted|stopped)`));
    await w.sim.waitForReadyPods('default', 'app=py-serv', 2, { timeoutMs: 15_000 });
    const ready = Date.now();
    const seen: string[] = [];
    while (!seen.some((p) => !survivors.has(p) && p !== victim) && Date.now() - ready < 2000)
      seen.push(podOf(await rawRequest(port)));
    const replacement = seen.find((p) => !survivors.has(p) && p !== victim);
    expect(
      replacement,
      `a connection on the replacement pod within 2 s (got ${seen.join(', ')}; ${logs.slice(-6).join(' | ')})`,
    ).toBeDefined();
    slow?.destroy();
  });

  it('follows a rollout: right after it, every new connection lands on a new pod', async () => {
    const { port } = await forwardPySrv();
    const old = await rollPyServ(w.sim);
    const started = Date.now();
    const after = await requests(port, 6);
    expect(after.pods.filter((p) => old.has(p))).toEqual([]);
    expect(new Set(after.pods).size).toBe(2);
    expect(after.reads).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('skips a pod marked not ready, and takes it back once ready', async () => {
    const { port } = await forwardPySrv();
    const [sick, healthy] = w.sim.readyPods('default', 'app=py-serv').map((p) => p.metadata.name);
    w.sim.setPodReady('default', sick!, false);
    await w.sim.waitFor(() => w.sim.readyPods('default', 'app=py-serv').length === 1);
    const during = await requests(port, 6);
    expect(during.pods).toEqual(Array(6).fill(healthy));
    expect(during.reads).toBe(0);
    w.sim.setPodReady('default', sick!, true);
    await w.sim.waitFor(() => w.sim.readyPods('default', 'app=py-serv').length === 2);
    const back = await requests(port, 4);
    expect(back.pods).toContain(sick);
    expect(back.reads).toBe(0);
  });

  it('reads the API directly while watches are refused; a 410 re-list then catches up', async () => {
    const { port } = await forwardPySrv();
    refuseWatches = true;
    const from = logs.length;
    expect(w.sim.closeWatches()).toBeGreaterThanOrEqual(2);
    await until(
      () => logs.slice(from).some((l) => /^resolution cache: pods in default not usable/.test(l)),
      'the cache to say it is not usable',
    );
    const blind = await requests(port, 2);
    expect(blind.reads).toBeGreaterThan(0);
    // A deletion the cache cannot see: direct reads follow it anyway.
    const victim = blind.pods[0]!;
    w.sim.deletePod('default', victim);
    const during = await requests(port, 4);
    expect(during.pods).not.toContain(victim);
    expect(during.reads).toBeGreaterThan(0);
    // The history the cache would resume from is gone: its next watch gets 410 and it re-lists.
    w.sim.compactWatchHistory();
    const resumed = logs.length;
    refuseWatches = false;
    await until(() => synced('default', resumed), 'the cache to sync again', 5000);
    expect(logs.slice(resumed).some((l) => l.includes('expired (410), re-listing'))).toBe(true);
    const after = await requests(port, 6);
    expect(after.pods).not.toContain(victim);
    expect(after.reads).toBe(0);
  });

  it('stops the watches of a namespace when the last rule using it goes away', async () => {
    const a = await forwardPySrv();
    const b = await w.forward({ to: 'py-serv.default.svc:80' });
    const c = await w.forward({ to: 'localhost:8080', target: 'deploy/api', namespace: 'shop' });
    for (const port of [b.port, c.port]) expect((await rawRequest(port)).status).toBe(200);
    await until(async () => (await openWatches()) === 4, 'pods+services watches of 2 namespaces');
    await w.engine.removeRule(a.ruleId);
    // b still uses default: its cache keeps answering from memory.
    const still = await requests(b.port, 3);
    expect(still.reads).toBe(0);
    expect(await openWatches()).toBe(4);
    await w.engine.removeRule(b.rule.id);
    await until(async () => (await openWatches()) === 2, 'the watches of default to end');
    expect(logs).toContain('resolution cache: pods in default stopped');
    await w.engine.setEnabled(c.rule.id, false);
    await until(async () => (await openWatches()) === 0, 'no watch left');
  });
});
