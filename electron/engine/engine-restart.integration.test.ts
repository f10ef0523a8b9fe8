/**
 * The user's path at engine level against kube-sim: pick a target from the pickers, forward its
 * declared port, move bytes, quit; a new engine on the same state folder brings the rule back
 * running and it answers again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSim, type Sim } from '../../kube-sim/index.ts';
import type { RuleStatsDelta } from '../../shared/model.ts';
import { until } from '../../testing/wait.ts';
import type { Engine } from './api/engine.ts';
import { createEngine } from './create-engine.ts';
import { rawRequest } from './testing/raw-http.ts';
import { freePort } from './testing/tcp-client.ts';

let sim: Sim;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  sim = await createSim({ scenario: 'demo', replaceDelayMs: 200 });
  await sim.waitForWorkloads({ timeoutMs: 20_000 });
  dir = mkdtempSync(path.join(tmpdir(), 'portside-restart-'));
  kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfig);
}, 60_000);
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const launch = (): Engine =>
  createEngine({
    stateDir: path.join(dir, 'state'),
    dialerOptions: { pingIntervalMs: 0 },
    kubeEnv: { env: { KUBECONFIG: kubeconfig }, home: dir },
  });

const listening = (engine: Engine, id: string) =>
  until(
    () => {
      const r = engine.listRules().find((x) => x.id === id);
      if (r?.state === 'failed') throw new Error(`rule failed: ${r.reason}`);
      return r?.state === 'listening' ? r : undefined;
    },
    'the rule listening',
    15_000,
  );

describe('pick, forward, restart', () => {
  it('a rule made from the pickers survives a restart and answers again', async () => {
    const first = launch();
    const [ctx] = await first.kube.contexts();
    const targets = await first.kube.targets(ctx!.name, 'default');
    const py = targets.workloads.find((w) => w.path === 'deployment/py-serv')!;
    const declared = py.containers[0]!.ports[0]!.port;
    const port = await freePort();
    const rule = await first.addRule({
      direction: 'L',
      spec: `${port}:localhost:${declared}`,
      target: py.path,
      namespace: 'default',
      context: ctx!.name,
    });
    await listening(first, rule.id);
    const stats: RuleStatsDelta[] = [];
    first.onRuleStats((d) => stats.push(d));
    const res = await rawRequest(port, { path: '/bytes?n=1000000' });
    expect(res.body.length).toBe(1_000_000);
    const conn = await until(
      () => first.listConnections(rule.id).find((c) => c.state === 'closed'),
      'the connection closed',
    );
    expect(conn.bytesDown).toBeGreaterThanOrEqual(1_000_000);
    await until(
      () => stats.some((d) => d.some((s) => s.id === rule.id && s.stats.bytesDown >= 1_000_000)),
      'a stats delta with the bytes',
    );
    await first.dispose();
    await expect(rawRequest(port)).rejects.toThrow(/ECONNREFUSED/);

    const second = launch();
    try {
      await listening(second, rule.id);
      const again = await rawRequest(port, { path: '/bytes?n=1000' });
      expect(again.body.length).toBe(1000);
    } finally {
      await second.dispose();
    }
  });
});
