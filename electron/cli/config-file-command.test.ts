/** `portside port-forward -f`: the real loader on temp files, precedence CLI > env > file, errors. */
import { spawn } from 'node:child_process';
import { BIN, cliVariants } from './testing/cli-variants.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleInput, RuleView } from '../../shared/model.ts';
import { REVERSE_NEEDS_TARGET } from '../../shared/mirrord-syntax/validate.ts';
import type { Engine } from '../engine/api/engine.ts';
import { inertEngineParts } from '../engine/testing/inert-engine.ts';
import { createConfigLoader, nodeConfigFileDeps } from './config-file.ts';
import { runPortForward } from './port-forward-command.ts';
import type { Env } from './port-forward-options.ts';
import { until } from '../../testing/wait.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portside-f-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

/** Records the rules it is given; every rule listens at once. */
function recordingEngine(): { engine: Engine; inputs: RuleInput[] } {
  const inputs: RuleInput[] = [];
  const views: RuleView[] = [];
  const stats = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
  const engine: Engine = {
    ...inertEngineParts(),
    listRules: () => views,
    async addRule(input) {
      inputs.push(input);
      const view: RuleView = {
        ...input,
        id: `r${views.length}`,
        name: input.spec,
        enabled: true,
        state: 'listening',
        stats,
      };
      views.push(view);
      return view;
    },
    removeRule: async () => {},
    setEnabled: async () => views[0] as RuleView,
    listConnections: () => [],
    onRulesChanged: () => () => {},
    onConnectionsChanged: () => () => {},
    dispose: async () => {},
  };
  return { engine, inputs };
}

/** Runs the command until its rules are added, then asks it to stop. */
async function run(argv: string[], env: Env = {}) {
  const { engine, inputs } = recordingEngine();
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (stop = resolve));
  const deps = {
    ...nodeConfigFileDeps({ HOME: '/home/me', ...env }, dir),
    gitBranch: async () => 'main',
  };
  const code = runPortForward(argv, {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    createEngine: () => engine,
    stopRequested,
    loadConfig: createConfigLoader(deps),
  });
  // Either the rules arrive or the command refuses; the assertions say which was expected.
  await until(
    () => inputs.length > 0 || err.some((l) => l.startsWith('error')),
    'the rules or an error',
  ).catch(() => undefined);
  stop();
  return { code: await code, inputs, err, out };
}

describe('portside port-forward -f', () => {
  it('CLI > env > file: each setting comes from the strongest source that has it', async () => {
    write(
      'all.json',
      JSON.stringify({
        target: { path: 'deployment/from-file', namespace: 'file-ns' },
        kube_context: 'file-ctx',
        kubeconfig: '~/file-kube',
      }),
    );
    const r = await run(['-f', 'all.json', '-R', '80:8080', '-n', 'cli-ns'], {
      MIRRORD_KUBE_CONTEXT: 'env-ctx',
    });
    expect(r.err).toEqual([]);
    expect(r.inputs).toEqual([
      {
        direction: 'R',
        spec: '80:8080',
        target: 'deployment/from-file',
        namespace: 'cli-ns',
        context: 'env-ctx',
        kubeconfig: '/home/me/file-kube',
      },
    ]);
    expect(r.code).toBe(0);
  });

  it('bare -f reads ./.mirrord/mirrord.json; MIRRORD_CONFIG_FILE names a file too', async () => {
    write('.mirrord/mirrord.json', '{ "target": "pod/bare", "kube_context": "k" }');
    expect((await run(['-f', '-L', '5432:db:5432'])).inputs[0]).toMatchObject({
      target: 'pod/bare',
      context: 'k',
    });
    write('env.toml', 'target = "pod/from-env-file"');
    const r = await run(['-L', '5432:db:5432'], {
      MIRRORD_CONFIG_FILE: path.join(dir, 'env.toml'),
    });
    expect(r.inputs[0]).toMatchObject({ target: 'pod/from-env-file' });
  });

  it('config errors are one line with the file name, before any engine starts', async () => {
    write('bad.json', '{ "agent": { "tll": 30 } }');
    const r = await run(['-f', 'bad.json', '-L', '5432:db:5432']);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['error: bad.json: unknown key `agent.tll`: did you mean `agent.ttl`?']);
    expect(r.inputs).toEqual([]);
    expect((await run(['-f', 'missing.yaml', '-L', 'a:1'])).err).toEqual([
      'error: missing.yaml: file not found',
    ]);
  });

  it('-R with a targetless file is refused after merging', async () => {
    write('targetless.json', '{ "target": { "path": "targetless", "namespace": "shop" } }');
    const r = await run(['-f', 'targetless.json', '-R', '80']);
    expect(r.err).toEqual([`error: ${REVERSE_NEEDS_TARGET}`]);
    expect(r.code).toBe(1);
  });

  it('says which of mirrord’s agent settings it does not use, from a file or from flags', async () => {
    write('agent.json', '{ "target": "pod/p", "agent": { "ttl": 30, "namespace": "mirrord" } }');
    const r = await run(['-f', 'agent.json', '-L', '8080:localhost:80']);
    expect(r.err).toEqual(
      expect.arrayContaining([
        'warning: agent namespace "mirrord" is not used: the agent runs in the target pod, or targetless in the target namespace',
        'warning: agent ttl is not used: Portside deletes its agent pods on stop, and activeDeadlineSeconds bounds a crashed run',
      ]),
    );
    const flags = await run(['-t', 'pod/p', '--agent-ttl', '5', '-L', '8080:localhost:80']);
    expect(flags.err.some((l) => l.startsWith('warning: agent ttl is not used'))).toBe(true);
  });

  it('incoming mode: steal reaches the -R rules; mirror and off are refused in words', async () => {
    write(
      'steal.json',
      '{ "target": "deployment/py-serv", "feature": { "network": { "incoming": "steal" } } }',
    );
    const steal = await run(['-f', 'steal.json', '-R', '80:19090', '-L', '8080:localhost:80']);
    expect(steal.inputs.map((i) => [i.direction, i.incomingMode])).toEqual([
      ['L', undefined],
      ['R', 'steal'],
    ]);
    write(
      'mirror.json',
      '{ "target": "deployment/py-serv", "feature": { "network": { "incoming": { "mode": "mirror" } } } }',
    );
    const mirror = await run(['-f', 'mirror.json', '-R', '80']);
    expect(mirror.err.at(-1)).toMatch(/"mirror" is not supported yet.*set "mode": "steal"/);
    expect([mirror.code, mirror.inputs.length]).toEqual([1, 0]);
    write('off.json', '{ "target": "pod/p", "feature": { "network": { "incoming": false } } }');
    const off = await run(['-f', 'off.json', '-R', '80']);
    expect(off.err.at(-1)).toMatch(/is "off" in the config file, but -R rules were given/);
    // Unstated: Portside's own default, and -L rules never care.
    write('plain.json', '{ "target": "pod/p" }');
    expect((await run(['-f', 'plain.json', '-R', '80'])).inputs[0]?.incomingMode).toBeUndefined();
    expect((await run(['-f', 'mirror.json', '-L', '8080:localhost:80'])).code).toBe(0);
  });

  it('prints the file’s warnings and the ones that depend on the merged settings', async () => {
    write(
      'warn.json',
      JSON.stringify({
        accept_invalid_certificates: true,
        agent: { ephemeral: true },
        feature: { fs: 'read', network: { incoming: { port_mapping: [[9333, 80]] } } },
      }),
    );
    const r = await run(['-f', 'warn.json', '-L', '5432:db:5432']);
    expect(r.err).toEqual([
      "warning: ignored by port-forward (used by `mirrord exec`, the operator or mirrord's own agent): `feature.fs`",
      'warning: `feature.network.incoming.port_mapping`/`ports` are not used by port-forward (as in mirrord): the -R flags say which ports to forward',
      'warning: Accepting invalid certificates',
      'warning: an ephemeral agent (--ephemeral-container or agent.ephemeral) has no effect without a target: a targetless agent runs as its own pod',
    ]);
    expect(r.code).toBe(0);
  });

  it('MIRRORD_EPHEMERAL_CONTAINER=false wins over agent.ephemeral (env > file)', async () => {
    write('eph.json', '{ "target": "pod/p", "agent": { "ephemeral": true } }');
    expect(
      (await run(['-f', 'eph.json', '-L', 'a:1'], { MIRRORD_EPHEMERAL_CONTAINER: 'false' })).err,
    ).toEqual([]);
    write('eph-tl.json', '{ "agent": { "ephemeral": true } }');
    expect(
      (await run(['-f', 'eph-tl.json', '-L', 'a:1'], { MIRRORD_EPHEMERAL_CONTAINER: 'false' })).err,
    ).toEqual([]);
    expect((await run(['-f', 'eph-tl.json', '-L', 'a:1'])).err).toHaveLength(1);
  });
});

describe.each(cliVariants())('bin/portside port-forward -f ($name)', ({ env, unavailable }) => {
  function runBin(args: string[], stdin: string): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(BIN, ['port-forward', ...args], {
      cwd: dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin);
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  }

  it.skipIf(unavailable)(
    'reads stdin for `-` and reports a template error on one line',
    async () => {
      const r = await runBin(
        ['-f', '-', '-L', '5432:db:5432'],
        '{\n "target": "pod/{{ now() }}"\n}',
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: -: line 2: Portside renders only get_env, git_branch, key and default(); this template uses `now()` in `{{ now() }}`\n',
      );
    },
  );
});
