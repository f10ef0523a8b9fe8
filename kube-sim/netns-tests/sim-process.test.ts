/**
 * `bin/portside sim --network netns` as a process: SIGTERM leaves no namespace, /etc/netns dir,
 * state dir or iptables rule of its run; after SIGKILL the next start removes the leftovers.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE_ROOT } from '../runtime/netns/names.ts';
import { netnsList, netnsUnavailableReason } from './testing/netns.ts';
import { until } from '../../testing/wait.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`netns sim process tests skipped: ${skipReason}`);

const BIN = fileURLToPath(new URL('../../bin/portside', import.meta.url));
const ofRun = (runId: string): string[] => netnsList().filter((n) => n.startsWith(`pss-${runId}-`));

/** The run id whose owner marker names `pid`. */
function runIdOwnedBy(pid: number): string | undefined {
  for (const id of readdirSync(STATE_ROOT)) {
    const owner = (() => {
      try {
        return readFileSync(join(STATE_ROOT, id, 'owner'), 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (owner === String(pid)) return id;
  }
  return undefined;
}

describe.skipIf(skipReason)('bin/portside sim --network netns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netns-sim-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the sim and resolves with it and its run id once it printed its ready line. */
  async function startSim(name: string): Promise<{ child: ChildProcess; runId: string }> {
    const kubeconfig = join(dir, `${name}.kubeconfig`);
    const child = spawn(
      BIN,
      ['sim', '--scenario', 'demo', '--network', 'netns', '--kubeconfig-out', kubeconfig],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await until(
      () =>
        /kube-sim ready: https:\/\/127\.0\.0\.1:\d+ kubeconfig=/.test(out) ||
        child.exitCode !== null,
      'the ready line',
      30_000,
    );
    expect(out).toMatch(/kube-sim ready/);
    const runId = runIdOwnedBy(child.pid!);
    expect(runId).toBeDefined();
    return { child, runId: runId! };
  }
  const exited = (c: ChildProcess): Promise<unknown> =>
    new Promise((r) =>
      c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r),
    );

  it('removes its namespaces, files and rules on SIGTERM', async () => {
    const started = Date.now();
    const { child, runId } = await startSim('term');
    console.info(
      `netns demo sim ready in ${Date.now() - started} ms (process start to ready line)`,
    );
    const namespaces = ofRun(runId);
    expect(namespaces.length).toBe(2 + 4); // node, world, 4 demo pods
    child.kill('SIGTERM');
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(ofRun(runId)).toEqual([]);
    for (const ns of namespaces) expect(existsSync(`/etc/netns/${ns}`)).toBe(false);
    expect(existsSync(join(STATE_ROOT, runId))).toBe(false);
    // Its rules lived only in its node namespace; nothing of it was ever in the host's tables.
    expect(execFileSync('iptables-save', { encoding: 'utf8' })).not.toContain('PSS-');
  });

  it('leaves namespaces behind on SIGKILL, which the next start removes', async () => {
    const first = await startSim('kill');
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(ofRun(first.runId).length).toBe(6);
    const second = await startSim('next');
    expect(ofRun(first.runId)).toEqual([]);
    expect(existsSync(join(STATE_ROOT, first.runId))).toBe(false);
    expect(ofRun(second.runId).length).toBe(6);
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(ofRun(second.runId)).toEqual([]);
  });
});
