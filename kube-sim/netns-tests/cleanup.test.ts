/**
 * Cleanup in netns mode: dispose() leaves nothing; a SIGKILLed owner's leftovers are removed by
 * the next run's stale cleanup, while a live run's namespaces are never touched.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanStaleRuns } from '../runtime/netns/cleanup.ts';
import { createNetnsRuntime } from '../runtime/netns/index.ts';
import { httpContainer, netnsList, netnsUnavailableReason, podSpec } from './testing/netns.ts';
import { until } from '../../testing/wait.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`netns cleanup tests skipped: ${skipReason}`);

const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./testing/hold-runtime.ts', import.meta.url));

const pidsIn = (ns: string): number[] =>
  execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const ofRun = (runId: string): string[] => netnsList().filter((n) => n.startsWith(`pss-${runId}-`));

describe.skipIf(skipReason)('netns cleanup', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('dispose() removes every namespace, /etc/netns dir, rule, state dir and process of the run', async () => {
    const rt = await createNetnsRuntime({
      hooks: { onContainerState: () => undefined },
      externalHosts: [{ name: 'x.example.test', app: 'http' }],
    });
    const pod = podSpec('p', [httpContainer(80)]);
    await rt.startPod(pod);
    const namespaces = ofRun(rt.runId);
    expect(namespaces.sort()).toEqual([rt.names.nodeNs, rt.podNetns(pod), rt.names.worldNs].sort());
    const pids = namespaces.flatMap(pidsIn);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(
      execFileSync('ip', ['netns', 'exec', rt.names.nodeNs, 'iptables-save'], { encoding: 'utf8' }),
    ).toContain('PSS-SERVICES');
    await rt.dispose();
    expect(ofRun(rt.runId)).toEqual([]);
    for (const ns of namespaces) expect(existsSync(`/etc/netns/${ns}`)).toBe(false);
    expect(existsSync(rt.names.stateDir)).toBe(false);
    await until(() => pids.every((p) => !alive(p)), 'the run processes to exit', 5000);
  });

  it('after SIGKILL of the owner, the next start removes its leftovers but not a live run', async () => {
    const live = await createNetnsRuntime({ hooks: { onContainerState: () => undefined } });
    const child = spawn(process.execPath, ['--import', TSX, FIXTURE], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const info = JSON.parse(
      await until(() => out.split('\n')[0]?.trim(), 'the fixture to be ready', 20_000),
    ) as {
      runId: string;
      podNs: string;
      stateDir: string;
    };
    const podPids = pidsIn(info.podNs);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(ofRun(info.runId).length).toBe(3); // the crash left its namespaces behind
    // Its sandboxes notice their owner is gone and exit on their own.
    await until(() => podPids.every((p) => !alive(p)), 'orphaned sandboxes to exit', 10_000);

    const cleaned = await cleanStaleRuns();
    // (Another test file starting a runtime meanwhile may have cleaned it first: check the effect.)
    expect(cleaned).not.toContain(live.runId);
    expect(ofRun(info.runId)).toEqual([]);
    expect(existsSync(`/etc/netns/${info.podNs}`)).toBe(false);
    expect(existsSync(info.stateDir)).toBe(false);
    expect(ofRun(live.runId).length).toBe(2);
    await live.dispose();
  });
});
