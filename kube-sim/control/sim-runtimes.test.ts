import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { PodRuntime } from '../runtime/types.ts';
import { loadScenario, parseScenario } from '../scenarios/load.ts';
import { createSim, type Sim } from './sim.ts';

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Runs a built-in command in a pod's first container through the runtime; resolves with stdout. */
async function execIn(
  runtime: PodRuntime,
  pod: {
    metadata: { namespace?: string; name: string; uid: string };
    spec?: { containers: { name: string }[] };
  },
  argv: string[],
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const ref = {
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  const code = await runtime.exec(ref, pod.spec!.containers[0]!.name, argv, { stdout, stderr });
  return { code, out };
}

function canUseNetns(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'iproute2 (ip netns) unavailable';
  }
}

describe('createSim with the built-in runtimes', () => {
  it('loopback (default): runs the demo and resolves Service names to ready pod IPs', async () => {
    sim = await createSim({ scenario: 'demo' });
    await sim.waitForWorkloads();
    const pods = sim.readyPods('default', 'app=py-serv');
    expect(pods.every((p) => /^\d+\.\d+\.\d+\.\d+$/.test(p.status.podIP))).toBe(true);
    const postgres = sim.getPod('default', 'postgres-0')!;
    const svc = await execIn(sim.runtime, postgres, [
      'getent',
      'hosts',
      'py-serv.default.svc.cluster.local',
    ]);
    expect(svc.code).toBe(0);
    expect(pods.map((p) => p.status.podIP)).toContain(svc.out.split(/\s+/)[0]);
    const sts = await execIn(sim.runtime, pods[0]!, ['getent', 'hosts', 'postgres-0.postgres']);
    expect(sts.out.split(/\s+/)[0]).toBe(postgres.status.podIP);
  });

  const noNetns = canUseNetns();
  if (noNetns) console.warn(`netns createSim test skipped: ${noNetns}`);
  it.skipIf(Boolean(noNetns))(
    'netns: allocates Service IPs from the runtime range and serves external hosts',
    { timeout: 120_000 },
    async () => {
      const demo = await loadScenario('demo');
      const extra = parseScenario(
        'kind: SimExternalHost\nmetadata: {name: api.example.test}\nspec: {image: "portside/sim-http:1", ports: [80]}\n',
        'extra.yaml',
      );
      sim = await createSim({
        scenario: { ...demo, externalHosts: extra.externalHosts },
        network: 'netns',
      });
      await sim.waitForWorkloads({ timeoutMs: 60_000 });
      expect(sim.runtime.mode).toBe('netns');
      expect(sim.get('services', 'default', 'py-serv')!.spec.clusterIP).toMatch(/^198\.19\./);
      const pod = sim.readyPods('default', 'app=py-serv')[0]!;
      const res = await execIn(sim.runtime, pod, ['http-get', 'http://api.example.test/']);
      expect(res.code).toBe(0);
    },
  );
});
