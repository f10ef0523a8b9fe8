/**
 * A crashed Portside leaves nothing behind (kube-sim netns mode): SIGKILL the CLI while -R steals
 * on both py-serv pods; within the agent's 60 s idle limit its processes are gone and no Portside
 * iptables rule remains in either pod.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailableReason } from '../../../kube-sim/runtime/netns/available.ts';
import { createSim, type Sim } from '../../../kube-sim/index.ts';
import { freePort } from '../testing/tcp-client.ts';
import { until } from '../../../testing/wait.ts';
import { agentPidsIn, podNat } from './testing/pod-netns.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`CLI crash test skipped: ${skipReason}`);

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'portside');

describe.skipIf(skipReason)('SIGKILL of the CLI (netns)', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await createSim({ scenario: 'demo', network: 'netns', replaceDelayMs: 200 });
    await sim.waitForWorkloads({ timeoutMs: 30_000 });
  }, 120_000);
  afterAll(async () => sim?.close());

  it('leaves no agent process and no iptables rule within 60 s', { timeout: 150_000 }, async () => {
    const args = ['port-forward', '--kubeconfig', sim.kubeconfigPath, '-t', 'deployment/py-serv'];
    const cli = spawn(BIN, [...args, '-R', `80:${await freePort()}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(
        () => / listening/.test(out),
        () => `the rule listening (output: ${out})`,
        60_000,
        50,
      );
    } catch (err) {
      cli.kill('SIGKILL');
      throw err;
    }
    const pods = sim.readyPods('default', 'app=py-serv').map((p) => ({
      name: p.metadata.name,
      ip: p.status.podIP as string,
    }));
    for (const p of pods) {
      expect(agentPidsIn(p).length).toBeGreaterThan(0);
      expect(podNat(p)).toMatch(/PORTSIDE-/);
    }
    cli.kill('SIGKILL');
    await until(
      () => pods.every((p) => agentPidsIn(p).length === 0),
      'the agents to exit (idle limit 60 s, plus slack for a busy machine)',
      75_000,
      500,
    );
    for (const p of pods) expect(podNat(p)).not.toMatch(/PORTSIDE/);
  });
});
