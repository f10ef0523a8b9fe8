import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../testing/wait.ts';
import { systemClock } from '../clock.ts';
import { createClusterSessions } from './cluster-sessions.ts';
import { createEngine } from '../create-engine.ts';
import { createRecordingRunner } from '../testing/recording-runner.ts';
import { watchKubeconfig, type KubeconfigChange } from './kubeconfig-watch.ts';

interface Ctx {
  name: string;
  token: string;
  server?: string;
}

function kubeconfigYaml(contexts: Ctx[], current: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}`,
      '  cluster:',
      `    server: ${c.server ?? 'https://127.0.0.1:1'}`,
    );
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  user:', `    token: ${c.token}`);
  lines.push('contexts:');
  for (const c of contexts)
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`);
  return `${lines.join('\n')}\n`;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(initial: Ctx[], current = 'a') {
  const dir = mkdtempSync(path.join(tmpdir(), 'portside-kcw-'));
  const file = path.join(dir, 'config');
  writeFileSync(file, kubeconfigYaml(initial, current));
  const seen: KubeconfigChange[] = [];
  const env = { KUBECONFIG: file };
  const stop = watchKubeconfig({
    clock: systemClock,
    env,
    home: dir,
    settleMs: 20,
    onChange: (c) => seen.push(c),
  });
  cleanups.push(() => {
    stop();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Replaces the file the way editors and kubectl do: write beside, rename over. */
  const replace = (contexts: Ctx[], cur = current): void => {
    writeFileSync(`${file}.lock`, kubeconfigYaml(contexts, cur));
    renameSync(`${file}.lock`, file);
  };
  const names = (i: number): string[] => [...(seen[i]?.contexts ?? [])].sort();
  return { dir, file, env, seen, replace, names };
}

describe('watchKubeconfig', () => {
  it('reports a context merged in, and only that one', async () => {
    const w = setup([{ name: 'a', token: 't1' }]);
    w.replace([
      { name: 'a', token: 't1' },
      { name: 'b', token: 't2' },
    ]);
    await until(() => w.seen.length > 0, 'a change');
    expect(w.names(0)).toEqual(['b']);
  });

  it('reports a rotated token and a changed current-context', async () => {
    const w = setup([
      { name: 'a', token: 't1' },
      { name: 'b', token: 't2' },
    ]);
    writeFileSync(
      w.file,
      kubeconfigYaml(
        [
          { name: 'a', token: 'rotated' },
          { name: 'b', token: 't2' },
        ],
        'a',
      ),
    );
    await until(() => w.seen.length > 0, 'the token change');
    expect(w.names(0)).toEqual(['a']);
    w.replace(
      [
        { name: 'a', token: 'rotated' },
        { name: 'b', token: 't2' },
      ],
      'b',
    );
    await until(() => w.seen.length > 1, 'the current-context change');
    expect(w.names(1)).toEqual(['']);
  });

  it('does not report writes that change no context', async () => {
    const w = setup([{ name: 'a', token: 't1' }]);
    writeFileSync(path.join(w.dir, 'cache.json'), '{}');
    w.replace([{ name: 'a', token: 't1' }]);
    // A real change afterwards is the first thing reported.
    w.replace([{ name: 'a', token: 't9' }]);
    await until(() => w.seen.length > 0, 'the token change');
    expect(w.seen.map((c) => [...c.contexts])).toEqual([['a']]);
  });
});

describe('cluster sessions follow the kubeconfig', () => {
  it('a dropped context is loaded afresh, others are kept', async () => {
    const w = setup([
      { name: 'a', token: 't1' },
      { name: 'b', token: 't2' },
    ]);
    const clusters = createClusterSessions({ env: w.env, home: w.dir });
    const a1 = await clusters.cluster('a');
    const b1 = await clusters.cluster('b');
    expect(await clusters.cluster('a')).toBe(a1);
    w.replace([
      { name: 'a', token: 't1', server: 'https://127.0.0.1:2' },
      { name: 'b', token: 't2' },
      { name: 'c', token: 't3' },
    ]);
    await until(() => w.seen.length > 0, 'the change');
    clusters.drop(w.seen[0]?.contexts ?? new Set());
    const a2 = await clusters.cluster('a');
    expect(a2).not.toBe(a1);
    expect(await clusters.cluster('b')).toBe(b1);
    expect((await clusters.contexts()).map((c) => c.name)).toEqual(['a', 'b', 'c']);
    const pf = await a2.session.portForwardRequest('default', 'p', 80);
    expect(pf.url).toContain('127.0.0.1:2');
  });
});

describe('an engine whose kubeconfig changes', () => {
  it('restarts the running rules of a changed context, and rules that follow the current one', async () => {
    const w = setup([
      { name: 'a', token: 't1' },
      { name: 'b', token: 't2' },
    ]);
    const runner = createRecordingRunner();
    let n = 0;
    const engine = createEngine({
      runner,
      newId: () => `r${++n}`,
      watchKubeconfig: true,
      kubeEnv: { env: w.env, home: w.dir },
    });
    cleanups.push(() => void engine.dispose());
    await engine.addRule({ direction: 'L', spec: '18080:x:80', context: 'a' });
    await engine.addRule({ direction: 'L', spec: '18081:x:80', context: 'b' });
    await engine.addRule({ direction: 'L', spec: '18082:x:80' });
    await engine.addRule({ direction: 'L', spec: '18083:x:80', context: 'a', enabled: false });
    expect(runner.started).toEqual(['r1', 'r2', 'r3']);

    // Token of "a" rotated: r1 (on a) and r3 (no context: follows the current one, a).
    w.replace([
      { name: 'a', token: 'rotated' },
      { name: 'b', token: 't2' },
    ]);
    await until(() => runner.started.length === 5, 'two restarts');
    expect(runner.started.slice(3).sort()).toEqual(['r1', 'r3']);

    // Current context moves to b: only the rule without a context follows it.
    w.replace(
      [
        { name: 'a', token: 'rotated' },
        { name: 'b', token: 't2' },
      ],
      'b',
    );
    await until(() => runner.started.length === 6, 'one restart');
    expect(runner.started[5]).toBe('r3');
  });
});
